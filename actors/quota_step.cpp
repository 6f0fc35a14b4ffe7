#include "actors/quota_step.hpp"

#include "actors/ask_once.hpp"
#include "actors/step_outcome_of.hpp"

namespace orch {

quota_step::quota_step(caf::actor_system &system, supervisor_actor supervisor,
                       std::chrono::milliseconds timeout)
    : system_(system), supervisor_(std::move(supervisor)), timeout_(timeout) {}

void quota_step::start(const step_context &context, done_callback done) {
  auto *system = &system_;
  ask_once<tenant_usage>(
      system_, supervisor_, timeout_,
      [system, done](caf::expected<tenant_usage> answer) {
        done(step_outcome_of(*system, answer));
      },
      quotas_atom::value, context.tenant.tenant_id, context.tenant.quotas);
}

} // namespace orch
