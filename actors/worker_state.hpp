#pragma once

#include "actors/state_machine.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace orch {

// DESIGN.md §3, Worker.
enum class worker_state { idle, busy, draining, paused, failed, terminated };

std::string_view to_string(worker_state s);
std::optional<worker_state> parse_worker_state(std::string_view name);

constexpr std::array<worker_state, 6> all_worker_states() {
  return {worker_state::idle,   worker_state::busy,   worker_state::draining,
          worker_state::paused, worker_state::failed, worker_state::terminated};
}

struct worker_traits {
  using state = worker_state;
  static constexpr std::string_view name = "worker";
  static constexpr std::array<transition_row<worker_state>, 17> table{{
      {worker_state::idle, worker_state::busy},
      {worker_state::busy, worker_state::idle},
      {worker_state::idle, worker_state::paused},
      {worker_state::busy, worker_state::draining},
      {worker_state::draining, worker_state::paused},
      {worker_state::draining, worker_state::busy},
      {worker_state::paused, worker_state::idle},
      {worker_state::idle, worker_state::failed},
      {worker_state::busy, worker_state::failed},
      {worker_state::draining, worker_state::failed},
      {worker_state::paused, worker_state::failed},
      {worker_state::failed, worker_state::idle},
      {worker_state::idle, worker_state::terminated},
      {worker_state::busy, worker_state::terminated},
      {worker_state::draining, worker_state::terminated},
      {worker_state::paused, worker_state::terminated},
      {worker_state::failed, worker_state::terminated},
  }};
};

using worker_machine = machine<worker_traits>;

transition_result<worker_state> transition(worker_state from, worker_state to);

} // namespace orch
