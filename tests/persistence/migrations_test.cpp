#include "persistence/migrations.hpp"
#include "persistence/tenant_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace orch::persistence;

namespace orch::test {
namespace {

class Migrations : public db_fixture {
protected:
  int version_rows() {
    int count = 0;
    sql() << "SELECT COUNT(*) FROM schema_version", soci::into(count);
    return count;
  }
};

const char *const all_tables[] = {"tenants",
                                  "users",
                                  "quotas",
                                  "workflow_executions",
                                  "workers",
                                  "jobs",
                                  "job_events",
                                  "allocations",
                                  "allocation_workers",
                                  "idempotency_keys"};

TEST_P(Migrations, EmptyDatabaseIsBroughtToTheLatestVersion) {
  // An empty database gets every migration, recorded with its description.
  auto result = migrate(sql(), kind());
  ASSERT_EQ(result.status, migrate_status::ok) << result.message;
  EXPECT_EQ(result.database_version, 0);
  EXPECT_EQ(result.binary_version, latest_schema_version());
  ASSERT_EQ(result.applied.size(),
            static_cast<std::size_t>(latest_schema_version()));
  EXPECT_EQ(result.applied.back(), latest_schema_version());
  EXPECT_EQ(version_rows(), latest_schema_version());
  std::string description;
  long long applied_at = 0;
  sql() << "SELECT description, applied_at FROM schema_version"
           " WHERE version = 1",
      soci::into(description), soci::into(applied_at);
  EXPECT_EQ(description, migrations_for(kind()).front().description);
  EXPECT_GT(applied_at, 0);
  for (const char *table : all_tables) {
    int rows = -1;
    sql() << std::string("SELECT COUNT(*) FROM ") + table, soci::into(rows);
    EXPECT_EQ(rows, 0) << table;
  }
}

TEST_P(Migrations, RunningAgainChangesNothing) {
  // A second run applies nothing and keeps the data.
  ASSERT_EQ(migrate(sql(), kind()).status, migrate_status::ok);
  ASSERT_EQ(create_tenant(sql(), {"t1", "One", tenant_status::ready, 1, 1}, {}),
            db_status::ok);
  auto again = migrate(sql(), kind());
  ASSERT_EQ(again.status, migrate_status::ok) << again.message;
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.database_version, latest_schema_version());
  EXPECT_EQ(version_rows(), latest_schema_version());
  EXPECT_TRUE(find_tenant(sql(), "t1").has_value());
}

TEST_P(Migrations, NewerDatabaseIsRefusedNamingBothVersions) {
  // A database written by a newer binary is refused as a value, untouched.
  ASSERT_EQ(migrate(sql(), kind()).status, migrate_status::ok);
  int newer = latest_schema_version() + 1;
  sql() << "INSERT INTO schema_version (version, description, applied_at)"
           " VALUES (:v, 'from the future', 5)",
      soci::use(newer);
  migrate_result result;
  EXPECT_NO_THROW(result = migrate(sql(), kind()));
  EXPECT_EQ(result.status, migrate_status::database_too_new);
  EXPECT_EQ(result.database_version, newer);
  EXPECT_EQ(result.binary_version, latest_schema_version());
  EXPECT_TRUE(result.applied.empty());
  EXPECT_NE(result.message.find(std::to_string(newer)), std::string::npos)
      << result.message;
  EXPECT_NE(
      result.message.find("(" + std::to_string(latest_schema_version()) + ")"),
      std::string::npos)
      << result.message;
  EXPECT_EQ(version_rows(), latest_schema_version() + 1);
}

TEST_P(Migrations, ConcurrentMigratorsApplyEachVersionOnce) {
  // Two processes starting at once on one database migrate it exactly once.
  auto other = open();
  migrate_result first, second;
  std::thread racer([&] { second = migrate(*other, kind()); });
  first = migrate(sql(), kind());
  racer.join();
  ASSERT_EQ(first.status, migrate_status::ok) << first.message;
  ASSERT_EQ(second.status, migrate_status::ok) << second.message;
  EXPECT_EQ(first.applied.size() + second.applied.size(),
            static_cast<std::size_t>(latest_schema_version()));
  EXPECT_EQ(version_rows(), latest_schema_version());
}

TEST_P(Migrations, FailedMigrationIsRolledBackAndReported) {
  // A migration that fails leaves nothing half-made and says which one failed.
  sql() << "CREATE TABLE jobs (x INTEGER)";
  auto failed = migrate(sql(), kind());
  EXPECT_EQ(failed.status, migrate_status::failed);
  EXPECT_NE(failed.message.find("migration 1 ("), std::string::npos)
      << failed.message;
  EXPECT_TRUE(failed.applied.empty());
  EXPECT_EQ(version_rows(), 0);
  sql() << "DROP TABLE jobs";
  auto retried = migrate(sql(), kind());
  EXPECT_EQ(retried.status, migrate_status::ok) << retried.message;
}

TEST_P(Migrations, SchemaChecksRejectUnknownStatuses) {
  // A status outside the state machine cannot be stored, even by raw SQL.
  ASSERT_EQ(migrate(sql(), kind()).status, migrate_status::ok);
  try {
    sql() << "INSERT INTO tenants (tenant_id, name, status, created_at,"
             " updated_at) VALUES ('t', 'T', 'bogus', 1, 1)";
    FAIL() << "bogus status stored";
  } catch (const soci::soci_error &e) {
    EXPECT_EQ(classify_error(e), db_status::invalid);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Migrations, all_backends(), backend_name{});

} // namespace
} // namespace orch::test
