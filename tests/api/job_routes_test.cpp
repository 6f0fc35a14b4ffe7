#include "tests/api/api_fixture.hpp"

#include <future>

using namespace orch::test;
using nlohmann::json;

namespace {

class JobRoutes : public api_fixture {
protected:
  json submit(const std::string &body, const std::string &tenant = "t1") {
    auto response = call("POST", "/api/jobs/submit", token(tenant), body);
    EXPECT_EQ(response.status, 201) << response.body;
    return parse(response);
  }

  // The job once terminal: the server answers when it ends (wait_ms).
  json await_terminal(const std::string &id) {
    return parse(
        call("GET", "/api/jobs/" + id + "?wait_ms=30000", token("t1")));
  }
};

TEST_P(JobRoutes, ASubmittedNoopJobRunsToCompletedWithItsEventLog) {
  // submit answers 201 pending; the job then completes and shows its events.
  auto created = submit(R"({"task": {"kind": "noop"}})");
  EXPECT_EQ(created["status"], "pending");
  auto job = await_terminal(created["job_id"]);
  EXPECT_EQ(job["status"], "completed") << job.dump();
  EXPECT_EQ(job["events"].size(), 2u) << job.dump();
  EXPECT_EQ(job["worker_ids"].size(), 1u) << job.dump();
  EXPECT_TRUE(job["finished_at"].is_string()) << job.dump();
}

TEST_P(JobRoutes, CancelOfARunningJobAndThenOfATerminalOne) {
  // A running sleep job is cancelled (200); cancelling again answers 409.
  auto created = submit(R"({"task": {"kind": "sleep", "sleep_ms": 60000}})");
  std::string id = created["job_id"];
  auto cancelled = call("POST", "/api/jobs/" + id + "/cancel", token("t1"));
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body)["status"], "cancelled");
  auto again = call("POST", "/api/jobs/" + id + "/cancel", token("t1"));
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_P(JobRoutes, TokensAndScopesAreChecked) {
  // No token, a bad one: 401 with the fixed detail; no scope: 403.
  for (const std::string &bearer : {std::string{}, std::string{"garbage"}}) {
    auto response =
        call("POST", "/api/jobs/submit", bearer, R"({"task":{"kind":"noop"}})");
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(json::parse(response.body)["detail"],
              "Invalid authentication credentials");
  }
  auto read_only = call("POST", "/api/jobs/submit", token("t1", "jobs:read"),
                        R"({"task":{"kind":"noop"}})");
  EXPECT_EQ(read_only.status, 403) << read_only.body;
}

TEST_P(JobRoutes, BadSubmitBodiesAre422NamingTheField) {
  // Each invalid body names its field and creates no job.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "body"},
      {R"({"task": {"kind": "noop"}, "tenant_id": "t2"})", "tenant_id"},
      {R"({"task": {"kind": "noop"}, "colour": "red"})", "colour"},
      {R"({"task": {"kind": "warp"}})", "task.kind"},
      {R"({"task": {"kind": "noop"}, "priority": "high"})", "priority"},
      {R"({"task": {"kind": "sleep", "sleep_ms": -1}})", "task.sleep_ms"},
      {R"({"required_workers": 1})", "task"}};
  for (const auto &[body, field] : cases) {
    auto response = call("POST", "/api/jobs/submit", token("t1"), body);
    EXPECT_EQ(response.status, 422) << body;
    EXPECT_EQ(response.header("content-type"), "application/problem+json");
    EXPECT_EQ(json::parse(response.body, nullptr, false)["field"], field)
        << body;
  }
  auto page = call("GET", "/api/jobs", token("t1"));
  EXPECT_EQ(json::parse(page.body)["jobs"].size(), 0u) << page.body;
}

TEST_P(JobRoutes, WaitMsAnswersWhenTheJobEndsOrWhenTheWaitRunsOut) {
  // A sleeping job is answered unfinished after a short wait_ms, and cancelled
  // as soon as a cancel ends it during a long one; a bad wait_ms is 422.
  std::string id =
      submit(R"({"task": {"kind": "sleep", "sleep_ms": 60000}})")["job_id"];
  auto still = call("GET", "/api/jobs/" + id + "?wait_ms=50", token("t1"));
  auto status = parse(still).value("status", "");
  EXPECT_TRUE(status == "pending" || status == "running") << still.body;
  auto waiting =
      std::async(std::launch::async, [&] { return await_terminal(id); });
  auto cancelled = call("POST", "/api/jobs/" + id + "/cancel", token("t1"));
  EXPECT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(waiting.get()["status"], "cancelled");
  for (const std::string bad : {"-1", "30001", "soon"}) {
    auto refused =
        call("GET", "/api/jobs/" + id + "?wait_ms=" + bad, token("t1"));
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_EQ(parse(refused)["field"], "wait_ms") << bad;
  }
}

TEST_P(JobRoutes, ListingPagesThroughTheTenantsJobs) {
  // Three jobs in pages of two: two, then one, and no other tenant's job.
  for (int i = 0; i < 3; ++i)
    await_terminal(submit(R"({"task": {"kind": "noop"}})")["job_id"]);
  submit(R"({"task": {"kind": "noop"}})", "t2");
  auto first = json::parse(call("GET", "/api/jobs?limit=2", token("t1")).body);
  ASSERT_EQ(first["jobs"].size(), 2u) << first.dump();
  std::string cursor = first["next_cursor"];
  auto second = json::parse(
      call("GET", "/api/jobs?limit=2&cursor=" + cursor, token("t1")).body);
  EXPECT_EQ(second["jobs"].size(), 1u) << second.dump();
  EXPECT_EQ(second["next_cursor"], "");
  EXPECT_EQ(call("GET", "/api/jobs?limit=101", token("t1")).status, 422);
  EXPECT_EQ(call("GET", "/api/jobs?status=bogus", token("t1")).status, 422);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobRoutes,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
