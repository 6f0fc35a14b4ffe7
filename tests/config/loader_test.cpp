#include "config/loader.hpp"

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "config/values.hpp"
#include "tests/support/temp_dir.hpp"

namespace orch::config {
namespace {

class LoaderTest : public ::testing::Test {
protected:
  // The options args and env give; a test failure if they are rejected.
  options load(std::vector<std::string> args, const environment &env = {}) {
    auto result = load_options(args, env);
    if (auto *error = std::get_if<config_error>(&result)) {
      ADD_FAILURE() << "unexpected error: " << error->message;
      return {};
    }
    return std::get<options>(result);
  }

  std::string data_dir() const { return dir.file("data"); }

  test::temp_dir dir;
};

// Runs the test body inside the temp dir so "./data" lands there.
class scoped_working_dir {
public:
  explicit scoped_working_dir(const std::string &path)
      : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(path);
  }
  ~scoped_working_dir() { std::filesystem::current_path(previous_); }

private:
  std::filesystem::path previous_;
};

TEST_F(LoaderTest, NothingSetGivesEveryDefaultAndCreatesDotSlashData) {
  // With no flag, env or file every option is its documented default.
  scoped_working_dir in_temp(dir.path());
  auto opts = load({});
  EXPECT_EQ(opts.listen.host, "127.0.0.1");
  EXPECT_EQ(opts.listen.port, 8080);
  EXPECT_EQ(opts.data_dir, "./data");
  EXPECT_EQ(opts.database_url, "sqlite:./data/orchestrator.db");
  EXPECT_EQ(opts.workers, 4);
  EXPECT_EQ(opts.jwt_key_file, "");
  EXPECT_FALSE(opts.enable_command_tasks);
  EXPECT_EQ(opts.provisioning_webhook, "");
  EXPECT_EQ(opts.log_level, "info");
  EXPECT_EQ(opts.http_threads, 2);
  EXPECT_EQ(opts.password_hash_threads, 2);
  EXPECT_EQ(opts.max_request_bytes, 1048576u);
  EXPECT_EQ(opts.actor_threads, 0);
  EXPECT_TRUE(std::filesystem::is_directory(dir.file("data")));
}

TEST_F(LoaderTest, ConfigFileBeatsDefaults) {
  // Values from the file named by --config replace the defaults.
  auto file = dir.write("o.conf", "listen = 0.0.0.0:9000\nworkers = 7\n"
                                  "data-dir = " +
                                      dir.file("from-file") + "\n");
  auto opts = load({"--config", file});
  EXPECT_EQ(format_listen_address(opts.listen), "0.0.0.0:9000");
  EXPECT_EQ(opts.workers, 7);
  EXPECT_EQ(opts.data_dir, dir.file("from-file"));
}

TEST_F(LoaderTest, EnvironmentBeatsConfigFile) {
  // Each environment twin overrides the same key in the file.
  auto file = dir.write("o.conf", "listen = 0.0.0.0:9000\nworkers = 7\n"
                                  "data-dir = " +
                                      dir.file("from-file") + "\n");
  auto opts =
      load({"--config", file}, {{"ORCH_LISTEN", "127.0.0.1:9001"},
                                {"ORCH_WORKERS", "8"},
                                {"ORCH_DATA_DIR", dir.file("from-env")}});
  EXPECT_EQ(format_listen_address(opts.listen), "127.0.0.1:9001");
  EXPECT_EQ(opts.workers, 8);
  EXPECT_EQ(opts.data_dir, dir.file("from-env"));
}

TEST_F(LoaderTest, FlagBeatsEnvironment) {
  // Each flag overrides its environment twin.
  environment env{{"ORCH_LISTEN", "127.0.0.1:9001"},
                  {"ORCH_WORKERS", "8"},
                  {"ORCH_DATA_DIR", dir.file("from-env")}};
  auto opts = load({"--listen", "localhost:9002", "--workers", "9",
                    "--data-dir", dir.file("from-flag")},
                   env);
  EXPECT_EQ(format_listen_address(opts.listen), "localhost:9002");
  EXPECT_EQ(opts.workers, 9);
  EXPECT_EQ(opts.data_dir, dir.file("from-flag"));
}

TEST_F(LoaderTest, ConfigFlagBeatsOrchConfig) {
  // --config wins over ORCH_CONFIG, which is used when no flag names a file.
  auto by_env = dir.write("env.conf", "workers = 5\n");
  auto by_flag = dir.write("flag.conf", "workers = 6\n");
  std::string data = "--data-dir=" + data_dir();
  EXPECT_EQ(load({data}, {{"ORCH_CONFIG", by_env}}).workers, 5);
  EXPECT_EQ(
      load({data, "--config", by_flag}, {{"ORCH_CONFIG", by_env}}).workers, 6);
}

TEST_F(LoaderTest, LaterFlagBeatsEarlierFlag) {
  // Repeating a flag keeps the last value.
  auto opts =
      load({"--data-dir", data_dir(), "--workers", "2", "--workers", "3"});
  EXPECT_EQ(opts.workers, 3);
}

TEST_F(LoaderTest, EveryOptionCanBeSetWithTheEqualsForm) {
  // --flag=value works for every option, a value may contain '='.
  auto opts = load({"--listen=[::1]:0", "--data-dir=" + data_dir(),
                    "--database=postgresql://u@h/db?x=y", "--workers=16",
                    "--jwt-key-file=/k", "--enable-command-tasks=yes",
                    "--provisioning-webhook=https://h/p", "--log-level=debug",
                    "--http-threads=8", "--password-hash-threads=3",
                    "--max-request-bytes=2048", "--actor-threads=3",
                    "--commit-max-batch=10", "--commit-delay-ms=5",
                    "--retained-jobs=7"});
  EXPECT_EQ(opts.listen.host, "::1");
  EXPECT_EQ(opts.listen.port, 0);
  EXPECT_EQ(opts.data_dir, data_dir());
  EXPECT_EQ(opts.database_url, "postgresql://u@h/db?x=y");
  EXPECT_EQ(opts.workers, 16);
  EXPECT_EQ(opts.jwt_key_file, "/k");
  EXPECT_TRUE(opts.enable_command_tasks);
  EXPECT_EQ(opts.provisioning_webhook, "https://h/p");
  EXPECT_EQ(opts.log_level, "debug");
  EXPECT_EQ(opts.http_threads, 8);
  EXPECT_EQ(opts.password_hash_threads, 3);
  EXPECT_EQ(opts.max_request_bytes, 2048u);
  EXPECT_EQ(opts.actor_threads, 3);
  EXPECT_EQ(opts.commit_max_batch, 10);
  EXPECT_EQ(opts.commit_delay_ms, 5);
  EXPECT_EQ(opts.retained_jobs, 7);
}

TEST_F(LoaderTest, EnableCommandTasksIsASwitchWithBooleanTwins) {
  // The bare flag means true; env and file take boolean words; flag wins.
  std::string data = "--data-dir=" + data_dir();
  EXPECT_TRUE(load({data, "--enable-command-tasks"}).enable_command_tasks);
  EXPECT_TRUE(
      load({data}, {{"ORCH_ENABLE_COMMAND_TASKS", "on"}}).enable_command_tasks);
  auto file = dir.write("o.conf", "enable-command-tasks = true\n");
  EXPECT_FALSE(
      load({data, "--config", file}, {{"ORCH_ENABLE_COMMAND_TASKS", "0"}})
          .enable_command_tasks);
  EXPECT_FALSE(load({data, "--enable-command-tasks=off"},
                    {{"ORCH_ENABLE_COMMAND_TASKS", "1"}})
                   .enable_command_tasks);
}

TEST_F(LoaderTest, DatabaseDefaultFollowsTheFinalDataDir) {
  // The derived sqlite path uses the data dir after all overrides.
  auto opts = load({"--data-dir", data_dir()},
                   {{"ORCH_DATA_DIR", dir.file("ignored")}});
  EXPECT_EQ(opts.database_url, "sqlite:" + data_dir() + "/orchestrator.db");
  EXPECT_FALSE(std::filesystem::exists(dir.file("ignored")));
}

TEST_F(LoaderTest, ExplicitDatabaseIsNotDerived) {
  // A database set in any source is kept even when the data dir changes.
  auto opts = load({"--data-dir", data_dir()},
                   {{"ORCH_DATABASE_URL", "sqlite:/elsewhere.db"}});
  EXPECT_EQ(opts.database_url, "sqlite:/elsewhere.db");
}

TEST_F(LoaderTest, CreatesNestedDataDir) {
  // Missing parents of the data dir are created too.
  auto nested = dir.file("a/b/c");
  EXPECT_EQ(load({"--data-dir", nested}).data_dir, nested);
  EXPECT_TRUE(std::filesystem::is_directory(nested));
}

} // namespace
} // namespace orch::config
