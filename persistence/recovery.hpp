#pragma once

#include "actors/allocation_info.hpp"
#include "actors/idempotency.hpp"
#include "actors/job_info.hpp"
#include "actors/tenant_info.hpp"
#include "actors/tenant_quotas.hpp"
#include "actors/user_info.hpp"
#include "actors/workflow_info.hpp"
#include "persistence/database_url.hpp"

#include <soci/soci.h>

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace orch::persistence {

// What the supervisor needs from the database at start.
struct recovered_state {
  int schema_version = 0;              // after migrating
  std::vector<int> applied_migrations; // by this start
  // Pending and running jobs with their events, in submission order.
  std::vector<orch::job_info> unfinished_jobs;
  // After the highest submission order stored, so new jobs queue behind.
  std::int64_t next_seq = 1;
  // Allocations not yet released, oldest first.
  std::vector<orch::allocation_info> active_allocations;
  // Every stored idempotency key (the supervisor drops the expired ones).
  std::vector<orch::idempotency_claim> idempotency_claims;
  // Quotas of every tenant that has them.
  std::map<std::string, orch::tenant_quotas> quotas_by_tenant;
  // What the tenant registry starts from: every user, every tenant (with
  // quotas and id namespace) and every workflow execution, oldest first;
  // the running executions resume.
  std::vector<orch::user_info> users;
  std::vector<orch::tenant_info> tenants;
  std::vector<orch::workflow_info> workflows;
};

enum class recovery_failure {
  database_too_new, // written by a newer binary; nothing was changed
  migration_failed, // rolled back
  unreadable,       // the state could not be read
};

struct recovery_error {
  recovery_failure kind;
  std::string message; // one line for operators, without SQL
};

// Brings the database to this binary's schema, then loads the state to
// resume from. Never throws for database failures: they come back as values.
std::variant<recovered_state, recovery_error> recover(soci::session &sql,
                                                      backend kind);

} // namespace orch::persistence
