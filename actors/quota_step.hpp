#pragma once

#include "actors/provisioning_step.hpp"
#include "actors/supervisor_actor.hpp"

#include <caf/actor_system.hpp>

#include <chrono>

namespace orch {

// Provisioning step "default_quotas": puts the tenant's quotas (the
// configured defaults, stored with the registration) in force at the
// supervisor, which schedules the tenant's jobs by them. Idempotent.
class quota_step final : public provisioning_step {
public:
  quota_step(caf::actor_system &system, supervisor_actor supervisor,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

  std::string name() const override { return "default_quotas"; }
  void start(const step_context &context, done_callback done) override;

private:
  caf::actor_system &system_;
  supervisor_actor supervisor_;
  std::chrono::milliseconds timeout_;
};

} // namespace orch
