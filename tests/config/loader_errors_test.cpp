#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "tests/support/temp_dir.hpp"

namespace orch::config {
namespace {

class LoaderErrorsTest : public ::testing::Test {
protected:
  // The error that args and env give. The data dir defaults to one in the
  // temp dir, so that a wrongly accepted load creates nothing elsewhere.
  config_error fail(const std::vector<std::string> &args,
                    environment env = {}) {
    env.emplace("ORCH_DATA_DIR", dir.file("data"));
    auto result = load_options(args, env);
    if (auto *error = std::get_if<config_error>(&result)) {
      return *error;
    }
    ADD_FAILURE() << "expected an error";
    return {};
  }

  test::temp_dir dir;
};

TEST_F(LoaderErrorsTest, BadPortNamesTheFlag) {
  // A port above 65535 is rejected with the flag in front.
  auto error = fail({"--listen", "127.0.0.1:70000"});
  EXPECT_EQ(error.option, "--listen");
  EXPECT_EQ(error.message, "--listen: port must be 0..65535, got \"70000\"");
}

TEST_F(LoaderErrorsTest, BadListenFromEnvironmentNamesTheVariable) {
  // A listen address without a port is reported against ORCH_LISTEN.
  auto error = fail({}, {{"ORCH_LISTEN", "localhost"}});
  EXPECT_EQ(error.option, "ORCH_LISTEN");
  EXPECT_EQ(error.message,
            "ORCH_LISTEN: expected HOST:PORT, got \"localhost\"");
}

TEST_F(LoaderErrorsTest, NonNumericWorkersNamesTheVariable) {
  // A word where a number belongs is reported against ORCH_WORKERS.
  auto error = fail({}, {{"ORCH_WORKERS", "zero"}});
  EXPECT_EQ(error.option, "ORCH_WORKERS");
  EXPECT_EQ(error.message,
            "ORCH_WORKERS: expected a whole number 1..1024, got \"zero\"");
}

TEST_F(LoaderErrorsTest, OutOfRangeWorkersInFileNamesFileLineAndKey) {
  // A bad file value names the file, its line and the key.
  auto file = dir.write("o.conf", "# workers\n\nworkers = 0\n");
  auto error = fail({"--config", file});
  EXPECT_EQ(error.option, "workers");
  EXPECT_EQ(error.message, "config file " + file +
                               " line 3: workers: expected a whole number "
                               "1..1024, got \"0\"");
}

TEST_F(LoaderErrorsTest, InvalidFileValueFailsEvenWhenAFlagOverridesIt) {
  // Every source is checked, so a broken file never goes unnoticed.
  auto file = dir.write("o.conf", "workers = many\n");
  EXPECT_EQ(fail({"--config", file, "--workers", "2"}).option, "workers");
}

TEST_F(LoaderErrorsTest, UnknownFlagIsNamed) {
  // A misspelt flag is an error naming it, with or without a value.
  EXPECT_EQ(fail({"--lissten", "x"}).message,
            "unknown flag \"--lissten\"; see orchestrator --help");
  EXPECT_EQ(fail({"--lissten=x"}).option, "--lissten");
}

TEST_F(LoaderErrorsTest, PositionalArgumentIsRejected) {
  // Arguments that are not flags are not silently ignored.
  auto error = fail({"extra"});
  EXPECT_EQ(error.option, "extra");
  EXPECT_EQ(error.message, "unexpected argument \"extra\"");
}

TEST_F(LoaderErrorsTest, UnknownFileKeyNamesItsLine) {
  // A misspelt key in the file is reported with its line number.
  auto file = dir.write("x.conf", "workers = 2\n# c\nlissten = 1\n");
  auto error = fail({"--config", file});
  EXPECT_EQ(error.option, "lissten");
  EXPECT_EQ(error.message,
            "config file " + file + " line 3: unknown key \"lissten\"");
}

TEST_F(LoaderErrorsTest, ConfigIsNotAKeyOfTheConfigFile) {
  // A config file cannot name another config file.
  auto file = dir.write("x.conf", "config = /other.conf\n");
  EXPECT_EQ(fail({"--config", file}).message,
            "config file " + file + " line 1: unknown key \"config\"");
}

TEST_F(LoaderErrorsTest, MissingConfigFileNamesFlagOrVariable) {
  // A named file that does not exist is an error against whoever named it.
  auto missing = dir.file("missing.conf");
  auto by_flag = fail({"--config", missing});
  EXPECT_EQ(by_flag.option, "--config");
  EXPECT_EQ(by_flag.message, "--config: config file \"" + missing +
                                 "\" does not exist or is not a file");
  EXPECT_EQ(fail({}, {{"ORCH_CONFIG", missing}}).option, "ORCH_CONFIG");
}

TEST_F(LoaderErrorsTest, FlagWithoutValueIsAnError) {
  // A value flag at the end, or followed by another flag, lacks its value.
  auto at_end = fail({"--workers"});
  EXPECT_EQ(at_end.option, "--workers");
  EXPECT_EQ(at_end.message, "--workers: missing value, expected N");
  EXPECT_EQ(fail({"--listen", "--workers", "2"}).message,
            "--listen: missing value, expected HOST:PORT");
}

TEST_F(LoaderErrorsTest, BadBooleanNamesTheSource) {
  // Boolean words are checked in the environment and in the flag's = form.
  EXPECT_EQ(fail({}, {{"ORCH_ENABLE_COMMAND_TASKS", "maybe"}}).message,
            "ORCH_ENABLE_COMMAND_TASKS: expected one of "
            "1/0/true/false/yes/no/on/off, got \"maybe\"");
  EXPECT_EQ(fail({"--enable-command-tasks=2"}).option,
            "--enable-command-tasks");
}

TEST_F(LoaderErrorsTest, BadDatabaseSchemeNamesTheOption) {
  // Only sqlite: and PostgreSQL URLs are databases.
  auto error = fail({"--database", "mysql://h/db"});
  EXPECT_EQ(error.option, "--database");
  EXPECT_EQ(error.message, "--database: expected sqlite:PATH, postgresql://... "
                           "or postgres://..., got \"mysql://h/db\"");
}

TEST_F(LoaderErrorsTest, BadLogLevelNamesTheOption) {
  // A level outside the four is rejected.
  auto error = fail({}, {{"ORCH_LOG_LEVEL", "verbose"}});
  EXPECT_EQ(error.message, "ORCH_LOG_LEVEL: expected one of error, warning, "
                           "info, debug, got \"verbose\"");
}

TEST_F(LoaderErrorsTest, OtherRangesAndUrlsAreChecked) {
  // HTTP threads, request size and webhook are validated too.
  EXPECT_EQ(fail({"--http-threads", "65"}).option, "--http-threads");
  EXPECT_EQ(fail({"--password-hash-threads", "0"}).option,
            "--password-hash-threads");
  EXPECT_EQ(fail({"--max-request-bytes", "1023"}).option,
            "--max-request-bytes");
  EXPECT_EQ(fail({"--provisioning-webhook", "hooks.local"}).option,
            "--provisioning-webhook");
  EXPECT_EQ(fail({"--retained-jobs", "10000001"}).option, "--retained-jobs");
  EXPECT_EQ(fail({}, {{"ORCH_RETAINED_JOBS", "-1"}}).option,
            "ORCH_RETAINED_JOBS");
  EXPECT_EQ(fail({"--data-dir="}).message, "--data-dir: must not be empty");
}

TEST_F(LoaderErrorsTest, ActorThreadsOutsideZeroToSixtyFourAreRefused) {
  // 65 and words are refused, the message naming the allowed values.
  EXPECT_EQ(fail({"--actor-threads", "65"}).message,
            "--actor-threads: expected a whole number 0..64, got \"65\"");
  EXPECT_EQ(fail({}, {{"ORCH_ACTOR_THREADS", "65"}}).option,
            "ORCH_ACTOR_THREADS");
  EXPECT_EQ(fail({"--actor-threads", "two"}).option, "--actor-threads");
}

TEST_F(LoaderErrorsTest, DataDirUnderARegularFileCannotBeCreated) {
  // mkdir fails below a file; the error names the option that set the dir.
  auto file = dir.write("plain", "x");
  auto error = fail({"--data-dir", file + "/sub"});
  EXPECT_EQ(error.option, "--data-dir");
  EXPECT_EQ(error.message.rfind("--data-dir: cannot create directory \"" +
                                    file + "/sub\": ",
                                0),
            0u)
      << error.message;
}

TEST_F(LoaderErrorsTest, DataDirThatIsAFileIsRejected) {
  // An existing regular file is not a data directory.
  auto file = dir.write("plain", "x");
  auto error = fail({}, {{"ORCH_DATA_DIR", file}});
  EXPECT_EQ(error.option, "ORCH_DATA_DIR");
  EXPECT_NE(error.message.find(file), std::string::npos) << error.message;
}

} // namespace
} // namespace orch::config
