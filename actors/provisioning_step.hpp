#pragma once

#include "actors/tenant_info.hpp"

#include <caf/actor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace orch {

// What one attempt of a step works on.
struct step_context {
  std::string workflow_id;
  // The tenant as it is when the attempt starts.
  tenant_info tenant;
  std::int32_t attempt = 1;
  // The tenant registry (a tenant_registry handle), for steps that change
  // the tenant itself.
  caf::actor registry;
};

// How an attempt ended: success, or failure with a reason for the
// execution's error text.
struct step_outcome {
  bool ok = true;
  std::string error;

  static step_outcome success() { return {}; }
  static step_outcome failure(std::string why) {
    return {false, why.empty() ? "failed" : std::move(why)};
  }
};

// One step of tenant provisioning. The workflow actor starts one attempt at
// a time, retries failed ones with backoff and gives up on an attempt that
// has not ended within the step timeout. Steps must be idempotent: after a
// restart an interrupted attempt runs again.
class provisioning_step {
public:
  using done_callback = std::function<void(step_outcome)>;

  virtual ~provisioning_step() = default;

  // The step's name in the execution's record ("default_quotas", ...).
  virtual std::string name() const = 0;

  // Starts one attempt and returns at once: blocking work runs on threads
  // of the step's own, never on the caller's (an actor scheduler thread).
  // `done` may be called from any thread, even before start returns; calls
  // after the first are ignored.
  virtual void start(const step_context &context, done_callback done) = 0;
};

using provisioning_steps = std::vector<std::shared_ptr<provisioning_step>>;

} // namespace orch
