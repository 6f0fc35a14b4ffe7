#pragma once

#include <caf/atom.hpp>

// Message tags of the actor protocol (CAF 0.17 atoms: at most 10 characters).
// CAF's own get_atom, ok_atom, put_atom, delete_atom and tick_atom are reused.
namespace orch {

using submit_atom = caf::atom_constant<caf::atom("submit")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using pause_atom = caf::atom_constant<caf::atom("pause")>;
using resume_atom = caf::atom_constant<caf::atom("resume")>;
using terminate_atom = caf::atom_constant<caf::atom("terminate")>;
using assign_atom = caf::atom_constant<caf::atom("assign")>;
using part_done_atom = caf::atom_constant<caf::atom("part_done")>;
using start_atom = caf::atom_constant<caf::atom("start")>;
using requeue_atom = caf::atom_constant<caf::atom("requeue")>;
using job_state_atom = caf::atom_constant<caf::atom("job_state")>;
using worker_state_atom = caf::atom_constant<caf::atom("wrk_state")>;
using register_atom = caf::atom_constant<caf::atom("register")>;
using workers_atom = caf::atom_constant<caf::atom("workers")>;
using metrics_atom = caf::atom_constant<caf::atom("metrics")>;
using quotas_atom = caf::atom_constant<caf::atom("quotas")>;
using usage_atom = caf::atom_constant<caf::atom("usage")>;
using allocate_atom = caf::atom_constant<caf::atom("allocate")>;
using release_atom = caf::atom_constant<caf::atom("release")>;
using part_timer_atom = caf::atom_constant<caf::atom("part_tmr")>;
using job_timer_atom = caf::atom_constant<caf::atom("job_timer")>;
using retire_atom = caf::atom_constant<caf::atom("retire")>;
using await_atom = caf::atom_constant<caf::atom("await")>;
using job_wake_atom = caf::atom_constant<caf::atom("job_wake")>;
using command_exit_atom = caf::atom_constant<caf::atom("cmd_exit")>;
using snapshot_atom = caf::atom_constant<caf::atom("snapshot")>;
// Accounts, tenants and provisioning (the tenant registry and workflows).
using login_atom = caf::atom_constant<caf::atom("login")>;
using rehash_atom = caf::atom_constant<caf::atom("rehash")>;
using tenant_atom = caf::atom_constant<caf::atom("tenant")>;
using workflow_atom = caf::atom_constant<caf::atom("workflow")>;
using provision_atom = caf::atom_constant<caf::atom("provision")>;
using reserve_atom = caf::atom_constant<caf::atom("reserve")>;
using progress_atom = caf::atom_constant<caf::atom("progress")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
using step_done_atom = caf::atom_constant<caf::atom("step_done")>;
using step_timeout_atom = caf::atom_constant<caf::atom("step_tmo")>;
using retry_atom = caf::atom_constant<caf::atom("retry")>;
using report_atom = caf::atom_constant<caf::atom("report")>;

} // namespace orch
