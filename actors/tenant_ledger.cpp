#include "actors/tenant_ledger.hpp"

#include <algorithm>

namespace orch {

tenant_account &tenant_ledger::account(const std::string &tenant_id) {
  auto it = accounts_.find(tenant_id);
  if (it == accounts_.end()) {
    tenant_account fresh;
    fresh.quotas = defaults_;
    fresh.tenant_id = tenant_id;
    it = accounts_.emplace(tenant_id, std::move(fresh)).first;
  }
  return it->second;
}

void tenant_ledger::set_quotas(const std::string &tenant_id,
                               tenant_quotas quotas) {
  account(tenant_id).quotas = quotas;
}

std::int32_t tenant_ledger::max_workers(const std::string &tenant_id,
                                        std::size_t pool_size) {
  auto limit = account(tenant_id).quotas.max_workers;
  return limit < 0 ? static_cast<std::int32_t>(pool_size) : limit;
}

std::optional<std::string>
tenant_ledger::refuse_submit(const std::string &tenant_id) {
  auto &a = account(tenant_id);
  if (a.pending_jobs >= a.quotas.max_pending_jobs)
    return "over quota: max_pending_jobs " +
           std::to_string(a.quotas.max_pending_jobs) + " reached";
  return std::nullopt;
}

std::optional<std::string>
tenant_ledger::refuse_start(const std::string &tenant_id, std::int32_t workers,
                            std::size_t pool_size) {
  auto &a = account(tenant_id);
  if (a.running_jobs >= a.quotas.max_running_jobs)
    return "over quota: max_running_jobs " +
           std::to_string(a.quotas.max_running_jobs) + " reached";
  auto limit = max_workers(tenant_id, pool_size);
  if (a.workers_held + workers > limit)
    return "over quota: needs " + std::to_string(workers) + " workers, " +
           std::to_string(a.workers_held) + " of max_workers " +
           std::to_string(limit) + " held";
  return std::nullopt;
}

std::optional<std::string>
tenant_ledger::refuse_allocation(const std::string &tenant_id,
                                 std::int32_t workers, std::size_t pool_size) {
  auto &a = account(tenant_id);
  auto limit = max_workers(tenant_id, pool_size);
  if (a.workers_held + workers > limit)
    return "over quota: " + std::to_string(a.workers_held) + " of " +
           std::to_string(limit) + " workers held";
  return std::nullopt;
}

tenant_usage tenant_ledger::usage(const std::string &tenant_id,
                                  std::size_t pool_size,
                                  std::size_t available_workers) {
  auto &a = account(tenant_id);
  tenant_usage u;
  u.tenant_id = tenant_id;
  u.quotas = a.quotas;
  u.effective_max_workers = max_workers(tenant_id, pool_size);
  u.workers_held = a.workers_held;
  u.workers_allocated = a.workers_allocated;
  auto headroom = std::max(0, u.effective_max_workers - a.workers_held);
  u.available_workers =
      std::min(headroom, static_cast<std::int32_t>(available_workers));
  u.running_jobs = a.running_jobs;
  u.pending_jobs = a.pending_jobs;
  u.jobs_submitted = a.submitted;
  u.jobs_completed = a.completed;
  u.jobs_failed = a.failed;
  return u;
}

} // namespace orch
