#include "persistence/tenant_repository.hpp"

#include "persistence/quota_repository.hpp"
#include "persistence/statements.hpp"

namespace orch::persistence {

namespace {

struct tenant_row {
  std::string tenant_id, name, status;
  std::int64_t created_at = 0, updated_at = 0;
};

tenant_record decode(const tenant_row &r) {
  auto status = orch::parse_tenant_status(r.status);
  if (!status)
    throw database_error(db_status::corrupt);
  return {r.tenant_id, r.name, *status, r.created_at, r.updated_at};
}

// Runs a SELECT of tenant columns and decodes every row.
template <class... Uses>
std::vector<tenant_record>
fetch_tenants(soci::session &sql, const std::string &rest, Uses &&...uses) {
  tenant_row row;
  std::vector<tenant_record> tenants;
  statements::for_each_row(
      sql,
      "SELECT tenant_id, name, status, created_at, updated_at FROM tenants " +
          rest,
      [&](auto &p) {
        p, soci::into(row.tenant_id), soci::into(row.name),
            soci::into(row.status), soci::into(row.created_at),
            soci::into(row.updated_at);
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
        fetch_tenants(sql, "WHERE tenant_id = :id", soci::use(tenant_id));
    if (found.empty())
      return std::nullopt;
    return found.front();
  });
}

std::vector<tenant_record> load_tenants(soci::session &sql) {
  return guarded_read(
      [&] { return fetch_tenants(sql, "ORDER BY created_at, tenant_id"); });
}

} // namespace orch::persistence
