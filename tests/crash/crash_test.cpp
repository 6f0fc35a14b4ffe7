#include "tests/support/scratch_database.hpp"
#include "tests/support/server_process.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <sstream>

using namespace orch::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t acks_before_kill = 600;

std::size_t count_of(const std::string &text, const std::string &part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos;
       at = text.find(part, at + part.size()))
    ++count;
  return count;
}

// The job ids of whole "acked ID" lines (a line cut by the kill is skipped).
std::vector<std::string> acked_ids(const std::string &output) {
  std::vector<std::string> ids;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line) && !lines.eof())
    if (line.rfind("acked ", 0) == 0)
      ids.push_back(line.substr(6));
  return ids;
}

// "a|b" rows of a query as a map from a to b.
std::map<std::string, std::string> as_map(const std::string &rows) {
  std::map<std::string, std::string> result;
  std::istringstream lines(rows);
  std::string line;
  while (std::getline(lines, line)) {
    auto bar = line.find('|');
    if (bar != std::string::npos)
      result[line.substr(0, bar)] = line.substr(bar + 1);
  }
  return result;
}

class Crash : public ::testing::TestWithParam<store> {
protected:
  std::map<std::string, std::string> rows(const std::string &sql) {
    auto result = db_.query(sql);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return as_map(result.output);
  }

  // Runs the driver in submit mode until `acks_before_kill` submits were
  // acknowledged, kills it with -9 and returns the acknowledged ids.
  std::vector<std::string> submit_then_kill() {
    server_process driver(db_.command({"submit", "--workers", "4"}), {},
                          ORCH_CRASH_DRIVER_PATH);
    bool enough = driver.wait_output(
        [](const std::string &out) {
          return count_of(out, "acked ") >= acks_before_kill;
        },
        60s);
    driver.signal(SIGKILL);
    EXPECT_TRUE(driver.wait_exit());
    EXPECT_TRUE(enough) << driver.output().substr(0, 2000);
    return acked_ids(driver.output());
  }

  scratch_database db_{GetParam()};
};

// Every job acknowledged before a kill -9 is stored, reaches a terminal
// state after the restart, and completes exactly once.
TEST_P(Crash, EveryAcknowledgedJobSurvivesKillNineAndCompletesOnce) {
  auto acked = submit_then_kill();
  ASSERT_GE(acked.size(), acks_before_kill - 1);
  auto finish = run_to_end(db_.command({"finish", "--workers", "4"}), {},
                           ORCH_CRASH_DRIVER_PATH);
  ASSERT_EQ(finish.exit_code, 0) << finish.output;
  // Submits outpace the workers, so the restart had work to recover.
  EXPECT_EQ(finish.output.find("recovered 0\n"), std::string::npos)
      << finish.output;
  auto status = rows("SELECT job_id, status FROM jobs");
  auto completions = rows("SELECT job_id, COUNT(*) FROM job_events"
                          " WHERE to_status = 'completed' GROUP BY job_id");
  for (const auto &id : acked) {
    ASSERT_TRUE(status.count(id)) << "acknowledged job " << id << " lost";
    EXPECT_EQ(status[id], "completed") << id;
    EXPECT_EQ(completions[id], "1") << id << " completed more than once";
  }
  for (const auto &[id, state] : status)
    EXPECT_TRUE(state == "completed") << id << " left " << state;
}

INSTANTIATE_TEST_SUITE_P(Backends, Crash,
                         ::testing::Values(store::sqlite, store::postgresql),
                         [](const ::testing::TestParamInfo<store> &info) {
                           return store_name(info.param);
                         });

} // namespace
