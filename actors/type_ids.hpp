#pragma once

#include "actors/allocation_info.hpp"
#include "actors/idempotency.hpp"
#include "actors/job_actor.hpp"
#include "actors/job_info.hpp"
#include "actors/job_part.hpp"
#include "actors/registration.hpp"
#include "actors/supervisor_metrics.hpp"
#include "actors/task_spec.hpp"
#include "actors/tenant_quotas.hpp"
#include "actors/tenant_snapshot.hpp"
#include "actors/worker_actor.hpp"
#include "actors/worker_info.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/type_id.hpp>

#include <cstdint>
#include <vector>

// Every type that crosses an actor boundary gets a CAF type id, so messages
// between the supervisor and workers can also travel between nodes.
CAF_BEGIN_TYPE_ID_BLOCK(orchestrator, caf::first_custom_type_id)
CAF_ADD_TYPE_ID(orchestrator, (orch::task_kind))
CAF_ADD_TYPE_ID(orchestrator, (orch::task_spec))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_spec))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_state))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_event))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_result))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_info))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_part))
CAF_ADD_TYPE_ID(orchestrator, (orch::part_outcome))
CAF_ADD_TYPE_ID(orchestrator, (orch::part_report))
CAF_ADD_TYPE_ID(orchestrator, (orch::worker_state))
CAF_ADD_TYPE_ID(orchestrator, (orch::worker_info))
CAF_ADD_TYPE_ID(orchestrator, (std::vector<orch::worker_info>))
CAF_ADD_TYPE_ID(orchestrator, (orch::tenant_quotas))
CAF_ADD_TYPE_ID(orchestrator, (orch::tenant_usage))
CAF_ADD_TYPE_ID(orchestrator, (orch::allocation_info))
CAF_ADD_TYPE_ID(orchestrator, (orch::supervisor_metrics))
CAF_ADD_TYPE_ID(orchestrator, (orch::part_listener))
CAF_ADD_TYPE_ID(orchestrator, (orch::worker_listener))
CAF_ADD_TYPE_ID(orchestrator, (orch::worker_actor))
CAF_ADD_TYPE_ID(orchestrator, (std::vector<orch::worker_actor>))
CAF_ADD_TYPE_ID(orchestrator, (std::vector<std::uint64_t>))
CAF_ADD_TYPE_ID(orchestrator, (orch::tenant_status))
CAF_ADD_TYPE_ID(orchestrator, (orch::workflow_status))
CAF_ADD_TYPE_ID(orchestrator, (orch::user_info))
CAF_ADD_TYPE_ID(orchestrator, (orch::tenant_info))
CAF_ADD_TYPE_ID(orchestrator, (orch::workflow_step))
CAF_ADD_TYPE_ID(orchestrator, (orch::workflow_info))
CAF_ADD_TYPE_ID(orchestrator, (orch::registration_request))
CAF_ADD_TYPE_ID(orchestrator, (orch::registration))
CAF_ADD_TYPE_ID(orchestrator, (orch::registration_receipt))
CAF_ADD_TYPE_ID(orchestrator, (orch::tenant_change))
CAF_ADD_TYPE_ID(orchestrator, (orch::tenant_snapshot))
CAF_ADD_TYPE_ID(orchestrator, (orch::idempotent_request))
CAF_ADD_TYPE_ID(orchestrator, (orch::idempotency_claim))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_submission))
CAF_ADD_TYPE_ID(orchestrator, (orch::allocation_grant))
CAF_ADD_TYPE_ID(orchestrator, (orch::job_timer))
CAF_END_TYPE_ID_BLOCK(orchestrator)

namespace orch {

// Registers the message types and the "orch" error category with CAF.
void register_runtime_types(caf::actor_system_config &config);

} // namespace orch
