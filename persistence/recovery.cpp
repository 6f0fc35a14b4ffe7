#include "persistence/recovery.hpp"

#include "persistence/allocation_repository.hpp"
#include "persistence/idempotency_repository.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/migrations.hpp"
#include "persistence/tenant_repository.hpp"
#include "persistence/user_repository.hpp"
#include "persistence/workflow_repository.hpp"

namespace orch::persistence {

namespace {

std::map<std::string, orch::tenant_quotas>
quotas_of(const std::vector<orch::tenant_info> &tenants) {
  std::map<std::string, orch::tenant_quotas> quotas;
  for (const auto &tenant : tenants)
    quotas.emplace(tenant.tenant_id, tenant.quotas);
  return quotas;
}

std::vector<orch::idempotency_claim> claims_of(soci::session &sql) {
  std::vector<orch::idempotency_claim> claims;
  for (auto &r : load_idempotency_keys(sql))
    claims.push_back({std::move(r.tenant_id), std::move(r.idempotency_key),
                      std::move(r.request_hash), std::move(r.job_id),
                      r.created_at_ms});
  return claims;
}

} // namespace

std::variant<recovered_state, recovery_error> recover(soci::session &sql,
                                                      backend kind) {
  auto migrated = migrate(sql, kind);
  if (migrated.status == migrate_status::database_too_new)
    return recovery_error{recovery_failure::database_too_new, migrated.message};
  if (migrated.status != migrate_status::ok)
    return recovery_error{recovery_failure::migration_failed, migrated.message};
  recovered_state state;
  state.schema_version = migrated.binary_version;
  state.applied_migrations = std::move(migrated.applied);
  try {
    state.unfinished_jobs = load_unfinished_jobs(sql);
    state.next_seq = max_job_seq(sql) + 1;
    state.active_allocations = load_active_allocations(sql);
    state.idempotency_claims = claims_of(sql);
    state.users = load_users(sql);
    state.tenants = load_tenants(sql);
    state.workflows = load_workflows(sql);
    state.quotas_by_tenant = quotas_of(state.tenants);
  } catch (const database_error &e) {
    return recovery_error{recovery_failure::unreadable,
                          std::string("cannot load the stored state: ") +
                              e.what()};
  }
  return state;
}

} // namespace orch::persistence
