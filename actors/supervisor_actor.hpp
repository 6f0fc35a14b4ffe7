#pragma once

#include "actors/allocation_info.hpp"
#include "actors/idempotency.hpp"
#include "actors/job_info.hpp"
#include "actors/listeners.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/supervisor_metrics.hpp"
#include "actors/tenant_quotas.hpp"
#include "actors/worker_actor.hpp"

#include <caf/typed_actor.hpp>

#include <map>
#include <vector>

namespace orch {

// The scheduler and single writer of "who holds which worker": the worker
// registry, per-tenant quotas and usage, the fair pending queue, gang
// allocation, explicit allocations and metrics. Requests that name a job or
// an allocation carry the tenant id from the verified token first, and
// another tenant's id is answered as not_found.
using supervisor_actor = job_listener::extend_with<worker_listener>::extend<
    caf::replies_to<submit_atom, job_spec>::with<job_info>,
    caf::replies_to<submit_atom, job_spec,
                    idempotent_request>::with<job_submission>,
    caf::replies_to<caf::get_atom, std::string, std::string>::with<job_info>,
    caf::replies_to<cancel_atom, std::string, std::string>::with<job_info>,
    // Answers true once the tenant's job is terminal, false after wait_ms
    // (the last argument) if it is not: a reader waits on the event.
    caf::replies_to<await_atom, std::string, std::string,
                    std::int64_t>::with<bool>,
    // The end of one such wait (sent by the supervisor to itself).
    caf::reacts_to<job_wake_atom, std::string, std::uint64_t>,
    // Finished jobs whose retention is over leave memory (sent by the
    // supervisor to itself).
    caf::reacts_to<retire_atom>,
    caf::replies_to<workers_atom>::with<std::vector<worker_info>>,
    caf::replies_to<workers_atom, std::string>::with<worker_info>,
    caf::replies_to<pause_atom, std::string>::with<worker_info>,
    caf::replies_to<resume_atom, std::string>::with<worker_info>,
    caf::replies_to<terminate_atom, std::string>::with<worker_info>,
    caf::replies_to<metrics_atom>::with<supervisor_metrics>,
    caf::replies_to<usage_atom, std::string>::with<tenant_usage>,
    caf::replies_to<quotas_atom, std::string,
                    tenant_quotas>::with<tenant_usage>,
    caf::replies_to<allocate_atom, std::string,
                    std::int32_t>::with<allocation_info>,
    caf::replies_to<allocate_atom, std::string, std::int32_t,
                    idempotent_request>::with<allocation_grant>,
    caf::replies_to<release_atom, std::string,
                    std::string>::with<allocation_info>>;

struct supervisor_options {
  runtime_settings_ptr settings;
  std::int32_t local_workers = 4;
  // Unfinished jobs loaded from the database at start, in submission order:
  // pending ones are queued again; running ones were interrupted and go back
  // to pending with attempt + 1, or fail when no attempt is left.
  std::vector<job_info> recovered_jobs;
  // The next submission order number (after the highest one stored).
  std::int64_t next_seq = 1;
  // Quotas set for tenants before this start.
  std::map<std::string, tenant_quotas> tenant_quotas_by_id;
  // Allocations still active before this start: their workers (those that
  // exist; local ids are stable, w-1..w-N) are held again for their tenant
  // and count against its max_workers, so the tenant can release them.
  std::vector<allocation_info> active_allocations;
  // Idempotency keys of submits stored before this start (younger than
  // idempotency_ttl_ms), so a retry after a restart finds its job.
  std::vector<idempotency_claim> idempotency_claims;
};

supervisor_actor spawn_supervisor(caf::actor_system &system,
                                  supervisor_options options);

} // namespace orch
