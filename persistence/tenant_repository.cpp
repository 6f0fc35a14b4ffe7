#include "persistence/tenant_repository.hpp"

#include "persistence/nullable.hpp"
#include "persistence/quota_repository.hpp"
#include "persistence/statements.hpp"

namespace orch::persistence {

namespace {

struct tenant_row {
  std::string tenant_id, name, status, id_namespace;
  std::int64_t created_at = 0, updated_at = 0;
  orch::tenant_quotas quotas;
  soci::indicator namespace_ind = soci::i_ok, quotas_ind = soci::i_ok;
};

tenant_record decode(const tenant_row &r) {
  auto status = orch::parse_tenant_status(r.status);
  if (!status)
    throw database_error(db_status::corrupt);
  // A tenant without a quotas row has the defaults.
  auto quotas = r.quotas_ind == soci::i_ok ? r.quotas : orch::tenant_quotas{};
  return {r.tenant_id,
          r.name,
          *status,
          r.created_at,
          r.updated_at,
          quotas,
          text_or_empty(r.id_namespace, r.namespace_ind)};
}

// Runs a SELECT of tenant columns (tenants as t, with its quotas as q) and
// decodes every row.
template <class... Uses>
std::vector<tenant_record>
fetch_tenants(soci::session &sql, const std::string &rest, Uses &&...uses) {
  tenant_row row;
  std::vector<tenant_record> tenants;
  soci::indicator running_ind = soci::i_ok, pending_ind = soci::i_ok;
  statements::for_each_row(
      sql,
      "SELECT t.tenant_id, t.name, t.status, t.created_at, t.updated_at,"
      " t.id_namespace, q.max_workers, q.max_running_jobs,"
      " q.max_pending_jobs FROM tenants t"
      " LEFT JOIN quotas q ON q.tenant_id = t.tenant_id " +
          rest,
      [&](auto &p) {
        p, soci::into(row.tenant_id), soci::into(row.name),
            soci::into(row.status), soci::into(row.created_at),
            soci::into(row.updated_at),
            soci::into(row.id_namespace, row.namespace_ind),
            soci::into(row.quotas.max_workers, row.quotas_ind),
            soci::into(row.quotas.max_running_jobs, running_ind),
            soci::into(row.quotas.max_pending_jobs, pending_ind);
      },
      [&] { tenants.push_back(decode(row)); }, std::forward<Uses>(uses)...);
  return tenants;
}

} // namespace

db_status create_tenant(write_transaction &tx, const tenant_record &tenant,
                        const orch::tenant_quotas &quotas) {
  return tx.run([&] {
    std::string status(orch::to_string(tenant.status));
    auto updated =
        tenant.updated_at_ms != 0 ? tenant.updated_at_ms : tenant.created_at_ms;
    tx.session() << "INSERT INTO tenants (tenant_id, name, status, created_at,"
                    " updated_at) VALUES (:id, :name, :status, :created,"
                    " :updated)",
        soci::use(tenant.tenant_id), soci::use(tenant.name), soci::use(status),
        soci::use(tenant.created_at_ms), soci::use(updated);
    detail::write_quotas(tx.session(), tenant.tenant_id, quotas);
    return db_status::ok;
  });
}

db_status create_tenant(soci::session &sql, const tenant_record &tenant,
                        const orch::tenant_quotas &quotas) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return create_tenant(tx, tenant, quotas);
  });
}

db_status update_tenant_status(write_transaction &tx,
                               const std::string &tenant_id,
                               orch::tenant_status status,
                               std::int64_t updated_at_ms) {
  return tx.run([&] {
    std::string name(orch::to_string(status));
    return statements::write_one(
        tx.session(),
        "UPDATE tenants SET status = :status, updated_at = :at"
        " WHERE tenant_id = :id",
        soci::use(name), soci::use(updated_at_ms), soci::use(tenant_id));
  });
}

db_status update_tenant_status(soci::session &sql, const std::string &tenant_id,
                               orch::tenant_status status,
                               std::int64_t updated_at_ms) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return update_tenant_status(tx, tenant_id, status, updated_at_ms);
  });
}

db_status set_tenant_namespace(write_transaction &tx,
                               const std::string &tenant_id,
                               const std::string &id_namespace) {
  return tx.run([&] {
    return statements::write_one(
        tx.session(),
        "UPDATE tenants SET id_namespace = :ns WHERE tenant_id = :id",
        soci::use(id_namespace), soci::use(tenant_id));
  });
}

db_status delete_tenant(write_transaction &tx, const std::string &tenant_id) {
  return tx.run([&] {
    return statements::write_one(tx.session(),
                                 "DELETE FROM tenants WHERE tenant_id = :id",
                                 soci::use(tenant_id));
  });
}

db_status delete_tenant(soci::session &sql, const std::string &tenant_id) {
  return in_transaction(
      sql, [&](write_transaction &tx) { return delete_tenant(tx, tenant_id); });
}

std::optional<tenant_record> find_tenant(soci::session &sql,
                                         const std::string &tenant_id) {
  return guarded_read([&]() -> std::optional<tenant_record> {
    auto found =
        fetch_tenants(sql, "WHERE t.tenant_id = :id", soci::use(tenant_id));
    if (found.empty())
      return std::nullopt;
    return found.front();
  });
}

std::vector<tenant_record> load_tenants(soci::session &sql) {
  return guarded_read(
      [&] { return fetch_tenants(sql, "ORDER BY t.created_at, t.tenant_id"); });
}

} // namespace orch::persistence
