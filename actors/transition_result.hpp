#pragma once

#include "actors/invalid_transition.hpp"

#include <utility>
#include <variant>

namespace orch {

// Either the new state or the reason it was refused; rejections are expected
// outcomes of user requests, so they are values rather than exceptions.
template <class State> class [[nodiscard]] transition_result {
public:
  explicit transition_result(State next) : outcome_(next) {}
  explicit transition_result(invalid_transition error)
      : outcome_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<State>(outcome_); }

  // Precondition: ok().
  State value() const { return std::get<State>(outcome_); }

  // Precondition: !ok().
  const invalid_transition &error() const {
    return std::get<invalid_transition>(outcome_);
  }

private:
  std::variant<State, invalid_transition> outcome_;
};

} // namespace orch
