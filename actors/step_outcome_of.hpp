#pragma once

#include "actors/provisioning_step.hpp"

#include <caf/actor_system.hpp>
#include <caf/expected.hpp>

namespace orch {

// A step attempt that asked an actor: success with any answer, failure with
// the error as CAF renders it ("not_found: no tenant t-1").
template <class T>
step_outcome step_outcome_of(caf::actor_system &system,
                             const caf::expected<T> &answer) {
  if (answer)
    return step_outcome::success();
  return step_outcome::failure(system.render(answer.error()));
}

} // namespace orch
