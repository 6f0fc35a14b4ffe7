#include "persistence/recovery.hpp"

#include "persistence/allocation_repository.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/migrations.hpp"
#include "persistence/quota_repository.hpp"
#include "persistence/tenant_repository.hpp"

namespace orch::persistence {

namespace {

std::map<std::string, orch::tenant_quotas> load_quotas(soci::session &sql) {
  std::map<std::string, orch::tenant_quotas> quotas;
  for (const auto &tenant : load_tenants(sql))
    if (auto found = find_quotas(sql, tenant.tenant_id))
      quotas.emplace(tenant.tenant_id, *found);
  return quotas;
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
    state.quotas_by_tenant = load_quotas(sql);
    state.active_allocations = load_active_allocations(sql);
  } catch (const database_error &e) {
    return recovery_error{recovery_failure::unreadable,
                          std::string("cannot load the stored state: ") +
                              e.what()};
  }
  return state;
}

} // namespace orch::persistence
