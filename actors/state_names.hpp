#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace orch {

// Parses a wire name by matching it against to_string of every state, so
// each machine keeps a single source of truth for its names.
template <class State, std::size_t N>
std::optional<State> parse_state_name(const std::array<State, N> &all,
                                      std::string_view name) {
  for (State s : all) {
    if (to_string(s) == name) {
      return s;
    }
  }
  return std::nullopt;
}

} // namespace orch
