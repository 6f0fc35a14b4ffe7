#pragma once

#include "persistence/db_status.hpp"
#include "persistence/idempotency_record.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Returns duplicate when the tenant already used the key (other tenants may
// use the same key), foreign_key for an unknown tenant or job. Write it in
// the job's transaction so a job and its key commit together:
//   in_transaction(sql, [&](write_transaction &tx) {
//     auto s = upsert_job(tx, job, seq);
//     return s != db_status::ok ? s : insert_idempotency_key(tx, key);
//   });
db_status insert_idempotency_key(soci::session &sql,
                                 const idempotency_record &record);
db_status insert_idempotency_key(write_transaction &tx,
                                 const idempotency_record &record);

// Binds the key to a new job, replacing an expired binding of the same key
// (the supervisor only reuses a key once it expired).
db_status replace_idempotency_key(write_transaction &tx,
                                  const idempotency_record &record);

// Every stored key, for the supervisor to start from.
std::vector<idempotency_record> load_idempotency_keys(soci::session &sql);

std::optional<idempotency_record>
find_idempotency_key(soci::session &sql, const std::string &tenant_id,
                     const std::string &idempotency_key);

} // namespace orch::persistence
