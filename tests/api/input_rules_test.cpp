#include "tests/api/api_fixture.hpp"

using namespace orch::test;
using nlohmann::json;

namespace {

const std::string noop_job = R"({"task": {"kind": "noop"}})";

class InputRules : public api_fixture {
protected:
  http_response submit_as(const std::string &content_type,
                          const std::string &body) {
    http_request request;
    request.method = "POST";
    request.url = server_->base_url() + "/api/jobs/submit";
    request.body = body;
    request.headers["Authorization"] = "Bearer " + token("t1");
    request.headers["Content-Type"] = content_type;
    return send(request);
  }

  std::size_t jobs_of_t1() {
    auto page = call("GET", "/api/jobs", token("t1"));
    return parse(page).value("jobs", json::array()).size();
  }

  static void expect_problem(const http_response &response, long status) {
    EXPECT_EQ(response.status, status) << response.body << response.error;
    EXPECT_EQ(response.header("content-type"), "application/problem+json");
    EXPECT_EQ(parse(response).value("status", 0), status) << response.body;
  }
};

TEST_P(InputRules, ABodyOverTheLimitIs413ProblemAndCreatesNothing) {
  // A JSON body one byte over the 1 MiB limit: 413 as problem+json.
  std::string padding((1 << 20) - 30, 'x');
  auto body =
      R"({"task": {"kind": "noop"}, "task_description": ")" + padding + R"("})";
  ASSERT_GT(body.size(), std::size_t{1} << 20);
  expect_problem(submit_as("application/json", body), 413);
  EXPECT_EQ(jobs_of_t1(), 0u);
}

TEST_P(InputRules, ANonJsonContentTypeIs415AndCreatesNothing) {
  // text/plain and form bodies are refused with 415; JSON with a charset
  // parameter is accepted.
  expect_problem(submit_as("text/plain", noop_job), 415);
  expect_problem(submit_as("application/x-www-form-urlencoded", noop_job), 415);
  EXPECT_EQ(jobs_of_t1(), 0u);
  EXPECT_EQ(submit_as("application/json; charset=utf-8", noop_job).status, 201);
}

TEST_P(InputRules, ServerSetFieldsAre422NamingThem) {
  // status and attempt are the server's to set: 422 naming each.
  for (const std::string field : {"status", "attempt"}) {
    auto body = json::parse(noop_job);
    body[field] = field == "status" ? json("completed") : json(2);
    auto response = call("POST", "/api/jobs/submit", token("t1"), body.dump());
    expect_problem(response, 422);
    EXPECT_EQ(parse(response).value("field", ""), field);
  }
  EXPECT_EQ(jobs_of_t1(), 0u);
}

TEST_P(InputRules, IdsThatDoNotParseAre404) {
  // Ids no server ever made are unknown, not malformed requests: 404.
  for (const std::string id : {"not-a-job", "job-%20", "%00", "0"}) {
    expect_problem(call("GET", "/api/jobs/" + id, token("t1")), 404);
    expect_problem(call("POST", "/api/jobs/" + id + "/cancel", token("t1")),
                   404);
  }
}

TEST_P(InputRules, OverTheQuotaIs429WithRetryAfter) {
  // With max_pending_jobs 1 and nothing allowed to run, the second submit is
  // 429 with Retry-After.
  auto ops = token("", "supervisor:read supervisor:write");
  auto quotas = call("PUT", "/api/tenants/t1/quotas", ops,
                     R"({"max_workers": -1, "max_running_jobs": 0,)"
                     R"( "max_pending_jobs": 1})");
  ASSERT_EQ(quotas.status, 200) << quotas.body;
  EXPECT_EQ(call("POST", "/api/jobs/submit", token("t1"), noop_job).status,
            201);
  auto refused = call("POST", "/api/jobs/submit", token("t1"), noop_job);
  expect_problem(refused, 429);
  EXPECT_EQ(refused.header("retry-after"), "1");
  EXPECT_EQ(jobs_of_t1(), 1u);
}

TEST_P(InputRules, AnExpiredTokenIsRefusedOnAJobRoute) {
  // A token past its exp: 401 "Invalid authentication credentials".
  auto expired = *orch::api::jwt::sign(
      {"user-t1", "t1", all_job_scopes, 1000, 2000, "orchestrator"},
      test_signing_key);
  auto response = call("GET", "/api/jobs", expired);
  expect_problem(response, 401);
  EXPECT_EQ(parse(response).value("detail", ""),
            "Invalid authentication credentials");
}

INSTANTIATE_TEST_SUITE_P(Backends, InputRules,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
