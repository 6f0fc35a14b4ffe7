#pragma once

#include "persistence/database_url.hpp"

#include <soci/soci.h>

#include <string>
#include <vector>

namespace orch::persistence {

// One step of the schema; applied in one transaction and recorded in
// schema_version (version, description, applied_at).
struct migration {
  int version = 0;
  std::string description;
  std::vector<std::string> statements;
};

// Every migration this binary knows, in version order.
std::vector<migration> migrations_for(backend kind);

// The highest version this binary knows.
int latest_schema_version();

enum class migrate_status {
  ok,
  database_too_new, // written by a newer binary: refused, nothing changed
  failed,           // a migration failed and was rolled back
};

struct migrate_result {
  migrate_status status = migrate_status::ok;
  int database_version = 0; // before migrating; 0: empty database
  int binary_version = 0;   // latest_schema_version()
  std::vector<int> applied; // versions applied by this call
  std::string message;      // for operators; empty when ok
};

// Brings the database to latest_schema_version(). Running it again is a
// no-op. Never throws for database failures: they come back in the result.
migrate_result migrate(soci::session &sql, backend kind);

} // namespace orch::persistence
