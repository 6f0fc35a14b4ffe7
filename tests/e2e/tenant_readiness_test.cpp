#include "tests/e2e/e2e_fixture.hpp"

namespace orch::test {
namespace {

using tenant_readiness = end_to_end;

TEST_P(tenant_readiness, ATenantThatIsNotReadyCannotSubmitJobs) {
  // A tenant whose provisioning failed gets 409 "not ready" on submit and no
  // job is created; once provisioned again to ready, the same token submits.
  webhook.respond_with(500);
  start_server(1);
  auto receipt = registered("ada@example.com");
  auto token = token_of("ada@example.com");
  auto tenant_id = receipt.value("tenant_id", "");
  EXPECT_EQ(finished_workflow(token, receipt.value("workflow_id", ""))
                .value("status", ""),
            "failed");
  auto refused =
      call("POST", "/api/jobs/submit", R"({"task": {"kind": "noop"}})", token);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  EXPECT_NE(body_of(refused).value("detail", "").find("is not ready"),
            std::string::npos)
      << refused.body;
  auto listed = body_of(call("GET", "/api/jobs", "", token));
  EXPECT_EQ(listed.value("jobs", json::array()).size(), 0u) << listed.dump();
  webhook.respond_with(200);
  auto ops = operator_token();
  auto again =
      call("POST", "/api/tenants/" + tenant_id + "/provision", "", ops);
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(finished_workflow(ops, body_of(again).value("workflow_id", ""))
                .value("status", ""),
            "completed");
  auto job_id = submit(token, {{"kind", "noop"}});
  EXPECT_EQ(finished_job(token, job_id).value("status", ""), "completed");
}

INSTANTIATE_TEST_SUITE_P(Backends, tenant_readiness,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
