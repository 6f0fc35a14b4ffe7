#pragma once

#include "actors/atoms.hpp"
#include "actors/provisioning_settings.hpp"
#include "actors/provisioning_step.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/tenant_info.hpp"
#include "actors/workflow_info.hpp"

#include <caf/actor_system.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

namespace orch {

// Receives a workflow's progress with the tenant's status, stores both in
// one transaction and answers the tenant as it now is (the tenant
// registry). The workflow goes on only once its progress is stored.
using workflow_listener =
    caf::typed_actor<caf::replies_to<progress_atom, tenant_info,
                                     workflow_info>::with<tenant_info>>;

// One running tenant provisioning (DESIGN.md §2). Its messages are the
// outcome of a step attempt (index, attempt, ok, error), an attempt's time
// limit (index, attempt), the end of a retry backoff and a new try at
// storing its progress.
using provisioning_workflow = caf::typed_actor<
    caf::reacts_to<step_done_atom, std::int32_t, std::int32_t, bool,
                   std::string>,
    caf::reacts_to<step_timeout_atom, std::int32_t, std::int32_t>,
    caf::reacts_to<retry_atom>, caf::reacts_to<report_atom>>;

struct workflow_options {
  // As stored: running, with the steps done so far. A step recorded as
  // running or retrying was interrupted and runs again.
  workflow_info workflow;
  // Pending (a new provisioning) or running (resumed after a restart).
  tenant_info tenant;
  provisioning_steps steps;
  provisioning_settings provisioning;
  runtime_settings_ptr settings;
  workflow_listener registry;
};

// Moves the tenant pending → running, runs the steps in order from the first
// unfinished one, and ends with the tenant ready and the execution completed,
// or the tenant failed and the execution failed with the error. Every change
// is reported to the registry (and stored) before the workflow goes on, so a
// restart resumes at the step that was running.
provisioning_workflow spawn_workflow(caf::actor_system &system,
                                     workflow_options options);

// The execution's steps for `steps`: each configured step in order, with what
// `recorded` says about a step of the same name, or pending.
std::vector<workflow_step>
reconcile_steps(const std::vector<workflow_step> &recorded,
                const provisioning_steps &steps);

} // namespace orch
