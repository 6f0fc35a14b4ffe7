#include "persistence/idempotency_repository.hpp"

#include "persistence/statements.hpp"

namespace orch::persistence {

db_status insert_idempotency_key(write_transaction &tx,
                                 const idempotency_record &record) {
  return tx.run([&] {
    tx.session() << "INSERT INTO idempotency_keys (tenant_id,"
                    " idempotency_key, request_hash, job_id, created_at)"
                    " VALUES (:tenant, :key, :hash, :job, :created)",
        soci::use(record.tenant_id), soci::use(record.idempotency_key),
        soci::use(record.request_hash), soci::use(record.job_id),
        soci::use(record.created_at_ms);
    return db_status::ok;
  });
}

db_status insert_idempotency_key(soci::session &sql,
                                 const idempotency_record &record) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return insert_idempotency_key(tx, record);
  });
}

db_status replace_idempotency_key(write_transaction &tx,
                                  const idempotency_record &record) {
  auto removed = tx.run([&] {
    tx.session() << "DELETE FROM idempotency_keys WHERE tenant_id = :tenant"
                    " AND idempotency_key = :key",
        soci::use(record.tenant_id), soci::use(record.idempotency_key);
    return db_status::ok;
  });
  if (removed != db_status::ok)
    return removed;
  return insert_idempotency_key(tx, record);
}

std::vector<idempotency_record> load_idempotency_keys(soci::session &sql) {
  return guarded_read([&] {
    idempotency_record r;
    std::vector<idempotency_record> found;
    statements::for_each_row(
        sql,
        "SELECT tenant_id, idempotency_key, request_hash, job_id, created_at"
        " FROM idempotency_keys",
        [&](auto &p) {
          p, soci::into(r.tenant_id), soci::into(r.idempotency_key),
              soci::into(r.request_hash), soci::into(r.job_id),
              soci::into(r.created_at_ms);
        },
        [&] { found.push_back(r); });
    return found;
  });
}

std::optional<idempotency_record>
find_idempotency_key(soci::session &sql, const std::string &tenant_id,
                     const std::string &idempotency_key) {
  return guarded_read([&]() -> std::optional<idempotency_record> {
    idempotency_record record;
    sql << "SELECT request_hash, job_id, created_at FROM idempotency_keys"
           " WHERE tenant_id = :tenant AND idempotency_key = :key",
        soci::into(record.request_hash), soci::into(record.job_id),
        soci::into(record.created_at_ms), soci::use(tenant_id),
        soci::use(idempotency_key);
    if (!sql.got_data())
      return std::nullopt;
    record.tenant_id = tenant_id;
    record.idempotency_key = idempotency_key;
    return record;
  });
}

} // namespace orch::persistence
