#include "persistence/database.hpp"

#include "tests/support/postgres_url.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace {

std::unique_ptr<soci::session> open_url(const std::string &url) {
  auto target = parse_database_url(url);
  return open_session(std::get<connection_target>(target));
}

// Writes and reads back a row in one committed transaction.
void round_trip(soci::session &sql) {
  sql << "CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, note TEXT)";
  sql << "DELETE FROM probe";
  {
    soci::transaction tx(sql);
    sql << "INSERT INTO probe (id, note) VALUES (1, 'written')";
    tx.commit();
  }
  std::string note;
  sql << "SELECT note FROM probe WHERE id = 1", soci::into(note);
  EXPECT_EQ(note, "written");
  sql << "DROP TABLE probe";
}

} // namespace

// The embedded default opens a SQLite file in WAL mode with full sync and
// foreign keys enforced.
TEST(Database, SqliteSessionIsDurableAndEnforcesForeignKeys) {
  orch::test::temp_dir dir;
  auto sql = open_url("sqlite:" + dir.file("orchestrator.db"));
  std::string journal;
  int synchronous = 0, foreign_keys = 0;
  *sql << "PRAGMA journal_mode", soci::into(journal);
  *sql << "PRAGMA synchronous", soci::into(synchronous);
  *sql << "PRAGMA foreign_keys", soci::into(foreign_keys);
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(synchronous, 2); // FULL
  EXPECT_EQ(foreign_keys, 1);
  round_trip(*sql);
}

// A PostgreSQL URL from the test fixture opens a working session.
TEST(Database, PostgresSessionFromUrl) {
  auto sql = open_url(orch::test::postgres_url());
  round_trip(*sql);
}

// An unreachable PostgreSQL server is an error, not a crash or a hang.
TEST(Database, UnreachablePostgresThrowsSociError) {
  auto target = std::get<connection_target>(
      parse_database_url("postgresql://127.0.0.1:1/none?connect_timeout=2"));
  EXPECT_THROW(open_session(target), soci::soci_error);
}
