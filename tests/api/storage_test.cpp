#include "tests/support/http_client.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <sys/wait.h>

using namespace orch::test;

namespace {

std::size_t line_count(const std::string &text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// The server as a real process on a database of its own (see
// scratch_database).
class Storage : public ::testing::TestWithParam<store> {
protected:
  bool on_postgres() const { return db_.on_postgres(); }

  std::vector<std::string> command(std::vector<std::string> args) const {
    return db_.command(std::move(args));
  }

  std::string query(const std::string &sql) {
    auto result = db_.query(sql);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return result.output;
  }

  std::string schema_table_count() {
    const std::string names =
        "('users', 'tenants', 'workflow_executions', 'workers', 'jobs',"
        " 'job_events', 'allocations', 'quotas', 'idempotency_keys',"
        " 'schema_version')";
    return query(on_postgres() ? "SELECT COUNT(*) FROM information_schema."
                                 "tables WHERE table_name IN " +
                                     names
                               : "SELECT COUNT(*) FROM sqlite_master"
                                 " WHERE type = 'table' AND name IN " +
                                     names);
  }

  scratch_database db_{GetParam()};
  const temp_dir &data_ = db_.data();
};

// serve migrates a new database, is ready, hides the password, exits 0.
TEST_P(Storage, ServeCreatesTheSchemaAnswersReadyAndStopsCleanly) {
  server_process server(command({"serve", "--listen", "127.0.0.1:0"}));
  ASSERT_TRUE(server.wait_ready()) << server.output();
  http_request ready;
  ready.url = server.base_url() + "/readyz";
  EXPECT_EQ(send(ready).status, 200);
  EXPECT_EQ(schema_table_count(), "10");
  if (on_postgres()) {
    EXPECT_TRUE(contains(server.output(), ":***@")) << server.output();
    EXPECT_FALSE(contains(server.output(), "s3cret")) << server.output();
  } else {
    EXPECT_TRUE(contains(server.output(), "database sqlite:" + data_.path()))
        << server.output();
    EXPECT_EQ(query("PRAGMA journal_mode"), "wal");
  }
  server.signal(SIGTERM);
  auto status = server.wait_exit();
  ASSERT_TRUE(status) << server.output();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << server.output();
}

// migrate applies the schema, prints its version, and is then a no-op.
TEST_P(Storage, MigrateAppliesOnceAndThenChangesNothing) {
  auto first = run_to_end(command({"migrate"}));
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_TRUE(contains(first.output, "schema version")) << first.output;
  EXPECT_TRUE(contains(first.output, "(applied")) << first.output;
  auto second = run_to_end(command({"migrate"}));
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_TRUE(contains(second.output, "already up to date")) << second.output;
  EXPECT_EQ(schema_table_count(), "10");
  EXPECT_EQ(query("SELECT COUNT(*) FROM schema_version"),
            query("SELECT MAX(version) FROM schema_version"));
}

// serve and migrate refuse a newer schema: one line naming it, status 1.
TEST_P(Storage, ADatabaseNewerThanTheBinaryIsRefused) {
  ASSERT_EQ(run_to_end(command({"migrate"})).exit_code, 0);
  query("INSERT INTO schema_version (version, description, applied_at)"
        " VALUES (999, 'from the future', 0)");
  for (const char *subcommand : {"serve", "migrate"}) {
    auto result = run_to_end(command({subcommand, "--listen", "127.0.0.1:0"}));
    EXPECT_EQ(result.exit_code, 1) << subcommand << ": " << result.output;
    EXPECT_EQ(line_count(result.output), 1u) << result.output;
    EXPECT_TRUE(contains(result.output, "999")) << result.output;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Storage,
                         ::testing::Values(store::sqlite, store::postgresql),
                         [](const ::testing::TestParamInfo<store> &info) {
                           return store_name(info.param);
                         });

} // namespace

// An unreachable database stops serve with one line, password redacted.
TEST(StorageErrors, UnreachableDatabaseIsOneRedactedLine) {
  temp_dir data;
  auto result = run_to_end({"serve", "--data-dir", data.path(), "--database",
                            "postgresql://orch:hunter2@127.0.0.1:1/orch"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_EQ(line_count(result.output), 1u) << result.output;
  EXPECT_TRUE(contains(result.output, "orch:***@")) << result.output;
  EXPECT_FALSE(contains(result.output, "hunter2")) << result.output;
}

// migrate takes the options of serve and refuses a bad one with status 2.
TEST(StorageErrors, MigrateWithABadOptionExitsWithStatus2) {
  temp_dir data;
  auto result =
      run_to_end({"migrate", "--data-dir", data.path(), "--workers", "many"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_TRUE(contains(result.output, "--workers")) << result.output;
}
