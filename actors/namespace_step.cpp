#include "actors/namespace_step.hpp"

#include "actors/ask_once.hpp"
#include "actors/step_outcome_of.hpp"
#include "actors/tenant_registry.hpp"

namespace orch {

namespace_step::namespace_step(caf::actor_system &system,
                               std::chrono::milliseconds timeout)
    : system_(system), timeout_(timeout) {}

void namespace_step::start(const step_context &context, done_callback done) {
  auto *system = &system_;
  ask_once<std::string>(
      system_, caf::actor_cast<tenant_registry>(context.registry), timeout_,
      [system, done](caf::expected<std::string> answer) {
        done(step_outcome_of(*system, answer));
      },
      reserve_atom::value, context.tenant.tenant_id);
}

} // namespace orch
