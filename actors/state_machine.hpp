#pragma once

#include "actors/invalid_transition.hpp"
#include "actors/transition_result.hpp"

#include <string>

namespace orch {

// One allowed edge of a state machine.
template <class State> struct transition_row {
  State from;
  State to;
};

// The logic shared by every machine. Traits supplies:
//   using state = <enum>;
//   static constexpr std::string_view name;      // used in error messages
//   static constexpr std::array<transition_row<state>, N> table;
// and to_string(state) must be found by argument-dependent lookup.
template <class Traits> struct state_machine {
  using state = typename Traits::state;

  static constexpr bool allows(state from, state to) {
    for (const auto &row : Traits::table) {
      if (row.from == from && row.to == to) {
        return true;
      }
    }
    return false;
  }

  static transition_result<state> transition(state from, state to) {
    if (allows(from, to)) {
      return transition_result<state>(to);
    }
    return transition_result<state>(invalid_transition{
        std::string(Traits::name), std::string(to_string(from)),
        std::string(to_string(to))});
  }
};

// The current state of one entity; a refused transition leaves it unchanged.
template <class Traits> class machine {
public:
  using state = typename Traits::state;

  explicit machine(state initial) : current_(initial) {}

  state current() const { return current_; }

  transition_result<state> transition_to(state to) {
    auto result = state_machine<Traits>::transition(current_, to);
    if (result.ok()) {
      current_ = result.value();
    }
    return result;
  }

private:
  state current_;
};

} // namespace orch
