#include "persistence/migrations.hpp"

#include "persistence/dialect.hpp"
#include "persistence/schema_v1.hpp"

#include <chrono>

namespace orch::persistence {

namespace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

int current_version(soci::session &sql) {
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(version) FROM schema_version", soci::into(version, ind);
  return ind == soci::i_ok ? version : 0;
}

// Creates schema_version if missing and returns the highest version in it.
int ensure_version_table(soci::session &sql, const dialect &d) {
  int tables = 0;
  sql << d.count_version_tables, soci::into(tables);
  if (tables > 0)
    return current_version(sql);
  try {
    sql << "CREATE TABLE IF NOT EXISTS schema_version ("
           " version INTEGER PRIMARY KEY,"
           " description TEXT NOT NULL,"
           " applied_at BIGINT NOT NULL)";
  } catch (const soci::soci_error &) {
    // PostgreSQL: two sessions creating it at once can both pass the
    // existence check, and one then fails on the catalog's unique index.
    // The table exists either way; if it does not, the read below throws.
  }
  return current_version(sql);
}

// Applies `m` unless another process applied it since we looked; returns
// whether it ran.
bool apply(soci::session &sql, const dialect &d, const migration &m) {
  soci::transaction tx(sql);
  sql << d.lock_schema_version;
  if (current_version(sql) >= m.version)
    return false;
  for (const auto &statement : m.statements)
    sql << statement;
  auto applied_at = now_ms();
  sql << "INSERT INTO schema_version (version, description, applied_at)"
         " VALUES (:v, :d, :a)",
      soci::use(m.version), soci::use(m.description), soci::use(applied_at);
  tx.commit();
  return true;
}

std::string too_new_message(int database_version, int binary_version) {
  return "database schema version " + std::to_string(database_version) +
         " is newer than this binary supports (" +
         std::to_string(binary_version) +
         "); run a newer orchestrator or restore a matching backup";
}

} // namespace

std::vector<migration> migrations_for(backend kind) {
  auto d = dialect_for(kind);
  return {
      {1,
       "initial schema: tenants, users, quotas, workflows, workers, jobs,"
       " events, allocations, idempotency keys",
       schema_v1(d)},
      {2,
       "tenant id namespaces, reserved by provisioning",
       {"ALTER TABLE tenants ADD COLUMN id_namespace TEXT",
        // Tenants without one yet (NULL) do not collide.
        "CREATE UNIQUE INDEX tenants_id_namespace ON tenants (id_namespace)"}},
  };
}

int latest_schema_version() {
  return migrations_for(backend::sqlite).back().version;
}

migrate_result migrate(soci::session &sql, backend kind) {
  migrate_result result;
  const auto all = migrations_for(kind);
  result.binary_version = all.back().version;
  const migration *running = nullptr;
  const auto d = dialect_for(kind);
  if (backend_of(sql).value_or(kind) != kind) {
    result.status = migrate_status::failed;
    result.message = "session backend does not match the database URL";
    return result;
  }
  try {
    result.database_version = ensure_version_table(sql, d);
    if (result.database_version > result.binary_version) {
      result.status = migrate_status::database_too_new;
      result.message =
          too_new_message(result.database_version, result.binary_version);
      return result;
    }
    for (const auto &m : all) {
      running = &m;
      if (m.version > result.database_version && apply(sql, d, m))
        result.applied.push_back(m.version);
    }
  } catch (const soci::soci_error &e) {
    result.status = migrate_status::failed;
    result.message = running == nullptr
                         ? "cannot read schema_version: "
                         : "migration " + std::to_string(running->version) +
                               " (" + running->description + ") failed: ";
    result.message += e.get_error_message();
  }
  return result;
}

} // namespace orch::persistence
