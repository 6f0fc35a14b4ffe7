#include "tests/support/http_client.hpp"
#include "tests/support/postgres_url.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <random>
#include <sys/wait.h>

using namespace orch::test;

namespace {

enum class store { sqlite, postgresql };

// So test names and failures name the backend instead of printing bytes.
void PrintTo(store kind, std::ostream *out) {
  *out << (kind == store::sqlite ? "sqlite" : "postgresql");
}

std::size_t line_count(const std::string &text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// The server as a real process on a database of its own: SQLite at its
// default place in a temp data dir, or a fresh PostgreSQL database whose URL
// carries a password (the test cluster trusts every login and ignores it),
// so the output can be checked for redaction.
class Storage : public ::testing::TestWithParam<store> {
protected:
  void SetUp() override {
    if (GetParam() == store::postgresql)
      create_database();
  }

  void TearDown() override {
    if (!database_.empty())
      run_psql(postgres_url(), "DROP DATABASE " + database_ + " WITH (FORCE)");
  }

  bool on_postgres() const { return GetParam() == store::postgresql; }

  // `args` of a subcommand plus the data dir and, on PostgreSQL, the URL.
  std::vector<std::string> command(std::vector<std::string> args) const {
    args.insert(args.end(), {"--data-dir", data_.path()});
    if (on_postgres())
      args.insert(args.end(), {"--database", url_});
    return args;
  }

  // Runs SQL on the server's database with the backend's own client.
  std::string query(const std::string &sql) {
    auto result = on_postgres()
                      ? run_psql(url_, sql)
                      : run_to_end({data_.file("orchestrator.db"), sql}, {},
                                   "/usr/bin/sqlite3");
    EXPECT_EQ(result.exit_code, 0) << result.output;
    auto text = result.output;
    while (!text.empty() && text.back() == '\n')
      text.pop_back();
    return text;
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

  temp_dir data_;
  std::string url_;

private:
  static process_result run_psql(const std::string &url,
                                 const std::string &sql) {
    return run_to_end(
        {"-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql},
        {}, "/usr/bin/psql");
  }

  void create_database() {
    std::random_device random;
    database_ = "orch_e2e_" + std::to_string(random());
    auto result = run_psql(postgres_url(), "CREATE DATABASE " + database_);
    ASSERT_EQ(result.exit_code, 0) << result.output;
    auto base = postgres_url();
    auto user_start = base.find("://") + 3;
    auto at = base.find('@', user_start);
    auto path = base.find('/', at);
    url_ = base.substr(0, at) + ":s3cret" + base.substr(at, path - at) + "/" +
           database_;
  }

  std::string database_;
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
                           return std::string(info.param == store::sqlite
                                                  ? "sqlite"
                                                  : "postgresql");
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
