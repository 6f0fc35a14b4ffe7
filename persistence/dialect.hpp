#pragma once

#include "persistence/database_url.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>

namespace orch::persistence {

// Everything that differs between SQLite and PostgreSQL, in one place. All
// other SQL is shared: both accept BIGINT, TEXT, INSERT ... ON CONFLICT ...
// DO UPDATE SET x = excluded.x, partial unique indexes, row values and
// savepoints.
struct dialect {
  backend kind;
  // Column type of ids. PostgreSQL compares TEXT by the cluster's locale;
  // COLLATE "C" makes ids order bytewise as SQLite's BINARY does, so keyset
  // pages come out the same on both backends.
  std::string id_type;
  // Taken first in each migration's transaction so two processes starting at
  // once migrate one after the other (SQLite: any write takes the database
  // write lock; PostgreSQL: an explicit table lock).
  std::string lock_schema_version;
  // Counts schema_version tables visible to the session (0 or 1), so an
  // existing one is not created again: PostgreSQL would log a NOTICE for
  // CREATE TABLE IF NOT EXISTS at every start.
  std::string count_version_tables;
  // The n-th (from 0) bound parameter of a statement. SQLite looks named
  // parameters up by a linear search per name, quadratic in a multi-row
  // statement, so it gets plain `?`; SOCI turns `:pN` into PostgreSQL's `$N`.
  std::string parameter(std::size_t n) const;
};

dialect dialect_for(backend kind);

// The backend a session was opened on, from SOCI's backend name.
std::optional<backend> backend_of(soci::session &sql);

} // namespace orch::persistence
