#include "persistence/database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace orch::persistence {

std::unique_ptr<soci::session> open_session(const connection_target &target) {
  if (target.kind == backend::postgresql)
    return std::make_unique<soci::session>(*soci::factory_postgresql(),
                                           target.connect_string);
  auto session = std::make_unique<soci::session>(
      *soci::factory_sqlite3(), "db=" + target.connect_string + " timeout=10");
  *session << "PRAGMA journal_mode=WAL";
  *session << "PRAGMA synchronous=FULL";
  *session << "PRAGMA foreign_keys=ON";
  return session;
}

} // namespace orch::persistence
