#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

using namespace orch::test;

namespace {

// Exit code 2, and exactly one line of output that names the option.
void expect_config_error(const process_result &result,
                         const std::string &option) {
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find(option), std::string::npos) << result.output;
  auto newlines = std::count(result.output.begin(), result.output.end(), '\n');
  EXPECT_EQ(newlines, 1) << result.output;
}

} // namespace

// --help lists every subcommand and option and exits 0.
TEST(CommandLine, HelpListsCommandsAndOptions) {
  auto result = run_to_end({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char *word :
       {"serve", "--listen", "ORCH_LISTEN", "--data-dir", "--database",
        "--workers", "--jwt-key-file", "--config", "127.0.0.1:8080"})
    EXPECT_NE(result.output.find(word), std::string::npos) << word;
}

// --version prints the version and exits 0.
TEST(CommandLine, VersionPrintsVersion) {
  auto result = run_to_end({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("orchestrator "), std::string::npos);
}

// A bad port stops the program with status 2 and names --listen.
TEST(CommandLine, BadPortExitsWithStatus2) {
  temp_dir dir;
  expect_config_error(run_to_end({"serve", "--listen", "127.0.0.1:70000",
                                  "--data-dir", dir.path()}),
                      "--listen");
}

// A bad value from the environment names the environment variable.
TEST(CommandLine, BadEnvironmentValueNamesTheVariable) {
  temp_dir dir;
  expect_config_error(run_to_end({"serve", "--data-dir", dir.path()},
                                 {{"ORCH_WORKERS", "many"}}),
                      "ORCH_WORKERS");
}

// An unknown key in the config file is refused with status 2.
TEST(CommandLine, UnknownConfigKeyExitsWithStatus2) {
  temp_dir dir;
  auto file = dir.write("orch.conf", "listen = 127.0.0.1:0\nlissten = x\n");
  expect_config_error(
      run_to_end({"serve", "--config", file, "--data-dir", dir.path()}),
      "lissten");
}

// A data directory that cannot be created is refused with status 2.
TEST(CommandLine, UncreatableDataDirExitsWithStatus2) {
  temp_dir dir;
  auto blocker = dir.write("file", "not a directory");
  expect_config_error(run_to_end({"serve", "--data-dir", blocker + "/data"}),
                      "--data-dir");
}

// An unknown subcommand is refused with status 2.
TEST(CommandLine, UnknownCommandExitsWithStatus2) {
  auto result = run_to_end({"frobnicate"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("frobnicate"), std::string::npos);
}

// A port already in use is reported, not a crash.
TEST(CommandLine, PortInUseIsReported) {
  temp_dir one, two;
  server_process first(
      {"serve", "--listen", "127.0.0.1:0", "--data-dir", one.path()});
  ASSERT_TRUE(first.wait_ready());
  auto result = run_to_end({"serve", "--listen",
                            "127.0.0.1:" + std::to_string(first.port()),
                            "--data-dir", two.path()});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("cannot listen"), std::string::npos);
}
