#include "tests/api/api_fixture.hpp"

#include <optional>
#include <set>
#include <thread>
#include <utility>
#include <vector>

using namespace orch::test;
using nlohmann::json;

namespace {

const std::string noop_job = R"({"task": {"kind": "noop"}})";
const std::string job_scopes_and_resources =
    "jobs:read jobs:write resources:read resources:write";

class Idempotency : public api_fixture {
protected:
  // A POST with the key in the Idempotency-Key header (none when nullopt).
  http_response post(const std::string &path,
                     const std::optional<std::string> &key,
                     const std::string &body,
                     const std::string &tenant = "t1") {
    http_request request;
    request.method = "POST";
    request.url = server_->base_url() + path;
    request.body = body;
    request.headers["Authorization"] =
        "Bearer " + token(tenant, job_scopes_and_resources);
    request.headers["Content-Type"] = "application/json";
    if (key)
      request.headers["Idempotency-Key"] = *key;
    return send(request);
  }

  http_response keyed(const std::string &path, const std::string &key,
                      const std::string &body,
                      const std::string &tenant = "t1") {
    return post(path, key, body, tenant);
  }

  http_response submit(const std::string &key, const std::string &body,
                       const std::string &tenant = "t1") {
    return keyed("/api/jobs/submit", key, body, tenant);
  }

  std::size_t stored_jobs(const std::string &tenant) {
    auto listed = call("GET", "/api/jobs?limit=100", token(tenant));
    EXPECT_EQ(listed.status, 200) << listed.body;
    return parse(listed)["jobs"].size();
  }

  static std::string job_id(const http_response &response) {
    return json::parse(response.body, nullptr, false).value("job_id", "");
  }
};

TEST_P(Idempotency, TheSameKeyAndBodyReturnTheFirstJob) {
  // A retry with the same key and body answers 200 with the first job; one
  // job exists.
  auto first = submit("order-1", noop_job);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = submit("order-1", R"({ "task" : { "kind" : "noop" } })");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(job_id(again), job_id(first));
  EXPECT_EQ(stored_jobs("t1"), 1u);
}

TEST_P(Idempotency, TheSameKeyWithAnotherBodyIs422AndChangesNothing) {
  // Reusing a key for another body names Idempotency-Key and creates no job.
  ASSERT_EQ(submit("order-2", noop_job).status, 201);
  auto reused =
      submit("order-2", R"({"task": {"kind": "noop"}, "priority": 7})");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(parse(reused)["field"], "Idempotency-Key") << reused.body;
  EXPECT_EQ(stored_jobs("t1"), 1u);
}

TEST_P(Idempotency, KeysAreScopedPerTenant) {
  // t1 and t2 using one key get two different jobs, each a 201.
  auto of_t1 = submit("shared-key", noop_job, "t1");
  auto of_t2 = submit("shared-key", noop_job, "t2");
  ASSERT_EQ(of_t1.status, 201) << of_t1.body;
  ASSERT_EQ(of_t2.status, 201) << of_t2.body;
  EXPECT_NE(job_id(of_t1), job_id(of_t2));
}

TEST_P(Idempotency, ConcurrentSubmitsWithOneKeyCreateOneJob) {
  // 100 simultaneous submits with one key: one job, every answer names it.
  constexpr int clients = 100;
  ASSERT_EQ(stored_jobs("t1"), 0u);
  std::vector<http_response> answers(clients);
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i)
    threads.emplace_back([&, i] { answers[i] = submit("burst", noop_job); });
  for (auto &t : threads)
    t.join();
  std::set<std::string> ids;
  int created = 0;
  for (const auto &answer : answers) {
    ASSERT_TRUE(answer.status == 201 || answer.status == 200)
        << answer.status << " " << answer.body << answer.error;
    created += answer.status == 201;
    ids.insert(job_id(answer));
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(stored_jobs("t1"), 1u);
}

TEST_P(Idempotency, AKeySurvivesARestart) {
  // After a restart, the same key and body still answer the original job.
  auto first = submit("durable", noop_job);
  ASSERT_EQ(first.status, 201) << first.body;
  restart_server();
  auto again = submit("durable", noop_job);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(job_id(again), job_id(first));
  EXPECT_EQ(
      submit("durable", R"({"task": {"kind": "noop"}, "priority": 1})").status,
      422);
  EXPECT_EQ(stored_jobs("t1"), 1u);
}

TEST_P(Idempotency, ARepeatedKeyedAllocateHoldsOneAllocation) {
  // allocate twice with one key: the same allocation (201, then 200), one
  // worker held; another body with that key is 422.
  auto first = keyed("/api/resources/allocate", "alloc-1", R"({"workers": 1})");
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = keyed("/api/resources/allocate", "alloc-1", R"({"workers": 1})");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(parse(again)["allocation_id"], parse(first)["allocation_id"]);
  auto reused =
      keyed("/api/resources/allocate", "alloc-1", R"({"workers": 2})");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(parse(reused)["field"], "Idempotency-Key");
  auto usage = parse(call("GET", "/api/resources/usage",
                          token("t1", job_scopes_and_resources)));
  EXPECT_EQ(usage["workers_allocated"], 1) << usage.dump();
}

TEST_P(Idempotency, MalformedKeysAre422AndCreateNothing) {
  // Empty, longer than 255 characters or not printable ASCII: 422 naming
  // Idempotency-Key, on submit and on allocate.
  for (const std::string &bad :
       {std::string{}, std::string(256, 'k'), std::string{"caf\xc3\xa9"},
        std::string{"a\x01z"}}) {
    auto response = submit(bad, noop_job);
    EXPECT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(parse(response)["field"], "Idempotency-Key") << response.body;
    auto allocation =
        keyed("/api/resources/allocate", bad, R"({"workers": 1})");
    EXPECT_EQ(allocation.status, 422) << allocation.body;
  }
  EXPECT_EQ(submit(std::string(255, 'k'), noop_job).status, 201);
  EXPECT_EQ(stored_jobs("t1"), 1u);
}

TEST_P(Idempotency, AKeyInTheBodyWorksLikeTheHeader) {
  // The idempotency_key field: a retry with it, or with the same key in the
  // header and the field left out, answers 200 with the first job; another
  // body under that key is 422 naming the field.
  const std::string body =
      R"({"task": {"kind": "noop"}, "idempotency_key": "in-body"})";
  auto first = post("/api/jobs/submit", std::nullopt, body);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = post("/api/jobs/submit", std::nullopt, body);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(job_id(again), job_id(first));
  auto by_header = post("/api/jobs/submit", "in-body", noop_job);
  EXPECT_EQ(by_header.status, 200) << by_header.body;
  EXPECT_EQ(job_id(by_header), job_id(first));
  auto reused = post(
      "/api/jobs/submit", std::nullopt,
      R"({"task": {"kind": "noop"}, "priority": 2, "idempotency_key": "in-body"})");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(parse(reused)["field"], "idempotency_key") << reused.body;
  EXPECT_EQ(stored_jobs("t1"), 1u);
}

TEST_P(Idempotency, ABadBodyKeyIs422NamingTheFieldAndCreatesNothing) {
  // Not a string, empty, or unequal to the header's key: 422 naming
  // idempotency_key, on submit and on allocate.
  const std::vector<std::pair<std::optional<std::string>, std::string>> bad = {
      {std::nullopt, "42"}, {std::nullopt, R"("")"}, {"header-key", R"("x")"}};
  for (const auto &[header, value] : bad) {
    auto submitted =
        post("/api/jobs/submit", header,
             R"({"task": {"kind": "noop"}, "idempotency_key": )" + value + "}");
    EXPECT_EQ(submitted.status, 422) << submitted.body;
    EXPECT_EQ(parse(submitted)["field"], "idempotency_key") << submitted.body;
    auto allocated =
        post("/api/resources/allocate", header,
             R"({"workers": 1, "idempotency_key": )" + value + "}");
    EXPECT_EQ(allocated.status, 422) << allocated.body;
    EXPECT_EQ(parse(allocated)["field"], "idempotency_key") << allocated.body;
  }
  EXPECT_EQ(stored_jobs("t1"), 0u);
}

TEST_P(Idempotency, AKeyedAllocateMayCarryItsKeyInTheBody) {
  // allocate with the key in the body twice: one allocation (201, then 200
  // with the same id), the same key in the header finds it too.
  const std::string body = R"({"workers": 1, "idempotency_key": "a-body"})";
  auto first = post("/api/resources/allocate", std::nullopt, body);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = post("/api/resources/allocate", std::nullopt, body);
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(parse(again)["allocation_id"], parse(first)["allocation_id"]);
  auto by_header =
      post("/api/resources/allocate", "a-body", R"({"workers": 1})");
  EXPECT_EQ(by_header.status, 200) << by_header.body;
  auto usage = parse(call("GET", "/api/resources/usage",
                          token("t1", job_scopes_and_resources)));
  EXPECT_EQ(usage["workers_allocated"], 1) << usage.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, Idempotency,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
