#include "persistence/dialect.hpp"

namespace orch::persistence {

dialect dialect_for(backend kind) {
  if (kind == backend::postgresql)
    return {kind, "TEXT COLLATE \"C\"",
            "LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE",
            "SELECT COUNT(*) FROM pg_catalog.pg_tables"
            " WHERE schemaname = current_schema()"
            " AND tablename = 'schema_version'"};
  return {kind, "TEXT",
          "UPDATE schema_version SET version = version WHERE 1 = 0",
          "SELECT COUNT(*) FROM sqlite_master"
          " WHERE type = 'table' AND name = 'schema_version'"};
}

std::string dialect::parameter(std::size_t n) const {
  return kind == backend::sqlite ? "?" : ":p" + std::to_string(n);
}

std::optional<backend> backend_of(soci::session &sql) {
  auto name = sql.get_backend_name();
  if (name == "sqlite3")
    return backend::sqlite;
  if (name == "postgresql")
    return backend::postgresql;
  return std::nullopt;
}

} // namespace orch::persistence
