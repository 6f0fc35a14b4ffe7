#include "tests/e2e/e2e_fixture.hpp"

namespace orch::test {
namespace {

using isolation = end_to_end;

struct id_route {
  std::string method;
  std::string path; // {id} stands for tenant A's id
  std::string body; // likewise
  std::string kind; // which of A's ids: job, allocation or workflow
};

std::string with_id(std::string text, const std::string &id) {
  auto at = text.find("{id}");
  return at == std::string::npos ? text : text.replace(at, 4, id);
}

TEST_P(isolation, EveryRouteTakingAnIdIs404OnAnotherTenantsId) {
  // Tenant B gets 404 on each of tenant A's ids (jobs get and cancel,
  // allocation release, workflow get), and A's things are untouched.
  start_server(2);
  auto a_receipt = registered("ada@example.com", "Alpha");
  auto a = token_of("ada@example.com");
  finished_workflow(a, a_receipt.value("workflow_id", ""));
  auto b = ready_tenant("bob@example.com", "Beta").second;
  std::map<std::string, std::string> ids{
      {"job", submit(a, {{"kind", "sleep"}, {"sleep_ms", 60000}})},
      {"workflow", a_receipt.value("workflow_id", "")}};
  auto allocated =
      call("POST", "/api/resources/allocate", R"({"workers":1})", a);
  ASSERT_EQ(allocated.status, 201) << allocated.body;
  ids["allocation"] = body_of(allocated).value("allocation_id", "");
  const std::vector<id_route> routes = {
      {"GET", "/api/jobs/{id}", "", "job"},
      {"GET", "/api/jobs/{id}?wait_ms=10", "", "job"},
      {"POST", "/api/jobs/{id}/cancel", "", "job"},
      {"POST", "/api/resources/release", R"({"allocation_id":"{id}"})",
       "allocation"},
      {"GET", "/api/workflows/{id}", "", "workflow"},
  };
  for (const auto &route : routes) {
    const auto &id = ids.at(route.kind);
    auto response =
        call(route.method, with_id(route.path, id), with_id(route.body, id), b);
    EXPECT_EQ(response.status, 404) << route.method << " " << route.path;
    EXPECT_EQ(response.header("content-type"), "application/problem+json");
  }
  auto job = body_of(call("GET", "/api/jobs/" + ids["job"], "", a));
  EXPECT_EQ(job.value("status", ""), "running") << job.dump();
  auto usage = body_of(call("GET", "/api/resources/usage", "", a));
  EXPECT_EQ(usage.value("workers_allocated", -1), 1) << usage.dump();
}

INSTANTIATE_TEST_SUITE_P(Backends, isolation,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
