#pragma once

#include "actors/provisioning_step.hpp"

#include <caf/actor_system.hpp>

#include <chrono>

namespace orch {

// Provisioning step "reserve_namespace": asks the tenant registry to reserve
// the tenant's id namespace (a unique slug of its name, kept on the tenant).
// Idempotent: a tenant that holds one keeps it.
class namespace_step final : public provisioning_step {
public:
  explicit namespace_step(
      caf::actor_system &system,
      std::chrono::milliseconds timeout = std::chrono::seconds(30));

  std::string name() const override { return "reserve_namespace"; }
  void start(const step_context &context, done_callback done) override;

private:
  caf::actor_system &system_;
  std::chrono::milliseconds timeout_;
};

} // namespace orch
