#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orch {

// Per-tenant limits (DESIGN.md §4). max_workers < 0 means "all workers of the
// pool", resolved against the pool size when checked.
struct tenant_quotas {
  std::int32_t max_workers = -1;
  std::int32_t max_running_jobs = 100;
  std::int32_t max_pending_jobs = 10000;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, tenant_quotas &x) {
  return f(caf::meta::type_name("tenant_quotas"), x.max_workers,
           x.max_running_jobs, x.max_pending_jobs);
}

// What a tenant holds now and has done so far.
struct tenant_usage {
  std::string tenant_id;
  tenant_quotas quotas;
  std::int32_t effective_max_workers = 0; // max_workers resolved
  std::int32_t workers_held = 0;          // by running jobs and allocations
  std::int32_t workers_allocated = 0;     // by allocations alone
  std::int32_t available_workers = 0;     // idle and within quota
  std::int32_t running_jobs = 0;
  std::int32_t pending_jobs = 0;
  std::int64_t jobs_submitted = 0;
  std::int64_t jobs_completed = 0;
  std::int64_t jobs_failed = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, tenant_usage &x) {
  return f(caf::meta::type_name("tenant_usage"), x.tenant_id, x.quotas,
           x.effective_max_workers, x.workers_held, x.workers_allocated,
           x.available_workers, x.running_jobs, x.pending_jobs,
           x.jobs_submitted, x.jobs_completed, x.jobs_failed);
}

} // namespace orch
