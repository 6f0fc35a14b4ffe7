#include "tests/api/api_fixture.hpp"

using namespace orch::test;
using nlohmann::json;

namespace {

const std::string operator_scopes = "supervisor:read supervisor:write";

class SupervisorRoutes : public api_fixture {
protected:
  http_response as_operator(const std::string &method,
                            const std::string &path) {
    return call(method, path, token("t1", operator_scopes));
  }
};

TEST_P(SupervisorRoutes, ListsTheLocalWorkersIdle) {
  // The two local workers are listed, idle, with the fixed shape.
  auto response = as_operator("GET", "/api/supervisor/workers");
  ASSERT_EQ(response.status, 200) << response.body;
  auto workers = parse(response)["workers"];
  ASSERT_EQ(workers.size(), 2u) << response.body;
  for (const auto &w : workers) {
    EXPECT_EQ(w["status"], "idle");
    EXPECT_EQ(w["node"], "local");
    EXPECT_TRUE(w.contains("current_job_id"));
    EXPECT_TRUE(w.contains("jobs_completed"));
  }
}

TEST_P(SupervisorRoutes, PauseResumeAndInvalidTransitions) {
  // pause and resume change the worker; resuming an idle one is 409; an
  // unknown worker is 404.
  auto paused = as_operator("POST", "/api/supervisor/workers/w-1/pause");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(parse(paused)["status"], "paused");
  auto resumed = as_operator("POST", "/api/supervisor/workers/w-1/resume");
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(parse(resumed)["status"], "idle");
  auto again = as_operator("POST", "/api/supervisor/workers/w-1/resume");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(as_operator("GET", "/api/supervisor/workers/w-9").status, 404);
}

TEST_P(SupervisorRoutes, TenantTokensCannotUseOperatorRoutes) {
  // A tenant's token without operator scopes gets 403 on every route.
  for (const auto &[method, path] :
       std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/supervisor/workers"},
           {"GET", "/api/supervisor/metrics"},
           {"POST", "/api/supervisor/workers/w-1/terminate"}})
    EXPECT_EQ(call(method, path, token("t1")).status, 403) << path;
}

TEST_P(SupervisorRoutes, MetricsCountWorkersAndJobs) {
  // Metrics count the workers by state and the jobs submitted.
  ASSERT_EQ(call("POST", "/api/jobs/submit", token("t1"),
                 R"({"task": {"kind": "noop"}})")
                .status,
            201);
  auto metrics = parse(as_operator("GET", "/api/supervisor/metrics"));
  EXPECT_EQ(metrics["jobs_submitted"], 1) << metrics.dump();
  std::int64_t workers = 0;
  for (const auto &[state, count] : metrics["workers_by_state"].items())
    workers += count.get<std::int64_t>();
  EXPECT_EQ(workers, 2) << metrics.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, SupervisorRoutes,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
