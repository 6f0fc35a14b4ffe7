#include "persistence/quota_repository.hpp"

namespace orch::persistence {

void detail::write_quotas(soci::session &sql, const std::string &tenant_id,
                          const orch::tenant_quotas &quotas) {
  sql << "INSERT INTO quotas (tenant_id, max_workers, max_running_jobs,"
         " max_pending_jobs) VALUES (:tenant, :workers, :running, :pending)"
         " ON CONFLICT (tenant_id) DO UPDATE"
         " SET max_workers = excluded.max_workers,"
         " max_running_jobs = excluded.max_running_jobs,"
         " max_pending_jobs = excluded.max_pending_jobs",
      soci::use(tenant_id), soci::use(quotas.max_workers),
      soci::use(quotas.max_running_jobs), soci::use(quotas.max_pending_jobs);
}

db_status set_quotas(write_transaction &tx, const std::string &tenant_id,
                     const orch::tenant_quotas &quotas) {
  return tx.run([&] {
    detail::write_quotas(tx.session(), tenant_id, quotas);
    return db_status::ok;
  });
}

db_status set_quotas(soci::session &sql, const std::string &tenant_id,
                     const orch::tenant_quotas &quotas) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return set_quotas(tx, tenant_id, quotas);
  });
}

std::optional<orch::tenant_quotas> find_quotas(soci::session &sql,
                                               const std::string &tenant_id) {
  return guarded_read([&]() -> std::optional<orch::tenant_quotas> {
    orch::tenant_quotas quotas;
    sql << "SELECT max_workers, max_running_jobs, max_pending_jobs"
           " FROM quotas WHERE tenant_id = :tenant",
        soci::into(quotas.max_workers), soci::into(quotas.max_running_jobs),
        soci::into(quotas.max_pending_jobs), soci::use(tenant_id);
    if (!sql.got_data())
      return std::nullopt;
    return quotas;
  });
}

} // namespace orch::persistence
