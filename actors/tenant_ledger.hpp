#pragma once

#include "actors/tenant_quotas.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace orch {

struct tenant_account {
  tenant_quotas quotas;
  std::int32_t workers_held = 0; // by running jobs and allocations
  std::int32_t workers_allocated = 0;
  std::int32_t running_jobs = 0;
  std::int32_t pending_jobs = 0;
  std::int64_t submitted = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  // Whose account this is: the jobs of the tenant point here rather than
  // each keeping a copy.
  std::string tenant_id;
};

// Quotas and usage per tenant. A tenant seen for the first time gets the
// default quotas.
class tenant_ledger {
public:
  explicit tenant_ledger(tenant_quotas defaults) : defaults_(defaults) {}

  tenant_account &account(const std::string &tenant_id);
  void set_quotas(const std::string &tenant_id, tenant_quotas quotas);

  // max_workers resolved against the pool size (negative: the whole pool).
  std::int32_t max_workers(const std::string &tenant_id, std::size_t pool_size);

  // Why a new job cannot be queued, or nothing.
  std::optional<std::string> refuse_submit(const std::string &tenant_id);

  // Why a job needing `workers` cannot start now, or nothing. Checks quotas
  // only; idle workers are the pool's business.
  std::optional<std::string> refuse_start(const std::string &tenant_id,
                                          std::int32_t workers,
                                          std::size_t pool_size);

  // Why an allocation of `workers` is over quota, or nothing.
  std::optional<std::string> refuse_allocation(const std::string &tenant_id,
                                               std::int32_t workers,
                                               std::size_t pool_size);

  tenant_usage usage(const std::string &tenant_id, std::size_t pool_size,
                     std::size_t available_workers);

private:
  tenant_quotas defaults_;
  std::map<std::string, tenant_account> accounts_;
};

} // namespace orch
