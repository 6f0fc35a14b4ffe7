#include "tests/api/api_fixture.hpp"

using namespace orch::test;
using nlohmann::json;

namespace {

const std::string resource_scopes = "resources:read resources:write";

class ResourceRoutes : public api_fixture {
protected:
  http_response as_tenant(const std::string &tenant, const std::string &method,
                          const std::string &path,
                          const std::string &body = "") {
    return call(method, path, token(tenant, resource_scopes), body);
  }
};

TEST_P(ResourceRoutes, AllocateShowsInUsageAndReleaseFreesIt) {
  // allocate 1 → 201 with its worker; usage shows it held; release → 200;
  // usage no longer does.
  auto allocated =
      as_tenant("t1", "POST", "/api/resources/allocate", R"({"workers": 1})");
  ASSERT_EQ(allocated.status, 201) << allocated.body;
  auto allocation = parse(allocated);
  EXPECT_EQ(allocation["worker_ids"].size(), 1u);
  auto usage = parse(as_tenant("t1", "GET", "/api/resources/usage"));
  EXPECT_EQ(usage["workers_allocated"], 1) << usage.dump();
  auto quotas = parse(as_tenant("t1", "GET", "/api/resources/quotas"));
  EXPECT_EQ(quotas["available_workers"], 1) << quotas.dump();
  std::string id = allocation["allocation_id"];
  auto released = as_tenant("t1", "POST", "/api/resources/release",
                            R"({"allocation_id": ")" + id + R"("})");
  EXPECT_EQ(released.status, 200) << released.body;
  usage = parse(as_tenant("t1", "GET", "/api/resources/usage"));
  EXPECT_EQ(usage["workers_allocated"], 0) << usage.dump();
}

TEST_P(ResourceRoutes, AnotherTenantsAllocationIsNotFound) {
  // t2 cannot release t1's allocation: 404, and it stays held.
  auto allocation = parse(
      as_tenant("t1", "POST", "/api/resources/allocate", R"({"workers": 1})"));
  std::string id = allocation["allocation_id"];
  auto stolen = as_tenant("t2", "POST", "/api/resources/release",
                          R"({"allocation_id": ")" + id + R"("})");
  EXPECT_EQ(stolen.status, 404) << stolen.body;
  auto usage = parse(as_tenant("t1", "GET", "/api/resources/usage"));
  EXPECT_EQ(usage["workers_allocated"], 1) << usage.dump();
}

TEST_P(ResourceRoutes, MoreWorkersThanIdleIsAConflictAndBadBodiesAre422) {
  // Asking for more workers than exist is 409 or 429, never a partial
  // hold; bodies with a wrong or extra field are 422 naming it.
  auto greedy =
      as_tenant("t1", "POST", "/api/resources/allocate", R"({"workers": 3})");
  EXPECT_TRUE(greedy.status == 409 || greedy.status == 429) << greedy.body;
  auto usage = parse(as_tenant("t1", "GET", "/api/resources/usage"));
  EXPECT_EQ(usage["workers_allocated"], 0) << usage.dump();
  for (const auto &[body, field] :
       std::vector<std::pair<std::string, std::string>>{
           {R"({"workers": "two"})", "workers"},
           {R"({"workers": 1, "tenant_id": "t2"})", "tenant_id"},
           {"[]", "body"}}) {
    auto response = as_tenant("t1", "POST", "/api/resources/allocate", body);
    EXPECT_EQ(response.status, 422) << body;
    EXPECT_EQ(parse(response)["field"], field) << body;
  }
}

TEST_P(ResourceRoutes, AnAllocationSurvivesARestart) {
  // After a restart the allocation still holds its worker and can be
  // released.
  auto allocation = parse(
      as_tenant("t1", "POST", "/api/resources/allocate", R"({"workers": 1})"));
  std::string id = allocation["allocation_id"];
  restart_server();
  auto usage = parse(as_tenant("t1", "GET", "/api/resources/usage"));
  EXPECT_EQ(usage["workers_allocated"], 1) << usage.dump();
  auto released = as_tenant("t1", "POST", "/api/resources/release",
                            R"({"allocation_id": ")" + id + R"("})");
  EXPECT_EQ(released.status, 200) << released.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, ResourceRoutes,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
