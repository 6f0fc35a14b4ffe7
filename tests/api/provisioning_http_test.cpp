#include "tests/api/tenant_api_fixture.hpp"

namespace orch::test {
namespace {

using Provisioning = tenant_api;

// The tenant's status and is_active agree, and the execution's status
// matches the tenant's: running ⇒ pending|running, completed ⇒ ready,
// failed ⇒ failed.
void expect_consistent(const json &tenant, const json &wf) {
  auto status = tenant.value("status", "");
  EXPECT_EQ(tenant.value("is_active", false), status == "ready");
  auto execution = wf.value("status", "");
  if (execution == "running")
    EXPECT_TRUE(status == "pending" || status == "running") << status;
  else if (execution == "completed")
    EXPECT_EQ(status, "ready");
  else
    EXPECT_EQ(status, "failed") << execution;
}

TEST_P(Provisioning, RegisterCreatesUserPendingTenantAndExecutionRow) {
  // 201 {user_id, tenant_id, workflow_id, status: pending}, and the rows are
  // committed when it arrives: the user, the tenant, the execution (running
  // while the webhook holds it) under the returned workflow_id.
  webhook.hold();
  start();
  auto receipt = registered("ada@example.com", "Acme");
  EXPECT_EQ(receipt.value("status", ""), "pending");
  auto user_id = receipt.value("user_id", "");
  auto tenant_id = receipt.value("tenant_id", "");
  auto workflow_id = receipt.value("workflow_id", "");
  EXPECT_FALSE(user_id.empty() || tenant_id.empty() || workflow_id.empty());
  EXPECT_EQ(query("SELECT email || '|' || tenant_id FROM users WHERE "
                  "user_id = '" +
                  user_id + "'"),
            "ada@example.com|" + tenant_id);
  auto tenant_status =
      query("SELECT status FROM tenants WHERE tenant_id = '" + tenant_id + "'");
  EXPECT_TRUE(tenant_status == "pending" || tenant_status == "running")
      << tenant_status;
  EXPECT_EQ(query("SELECT tenant_id || '|' || status || '|' || kind FROM "
                  "workflow_executions WHERE workflow_id = '" +
                  workflow_id + "'"),
            tenant_id + "|running|provision_tenant");
  EXPECT_EQ(query("SELECT COUNT(*) FROM quotas WHERE tenant_id = '" +
                  tenant_id + "'"),
            "1");
  webhook.release();
}

TEST_P(Provisioning, SuccessGoesPendingRunningReadyAndCompletes) {
  // While the webhook holds its call the tenant is running and inactive,
  // the execution running at step "webhook"; once it answers 200 the tenant
  // is ready and active and the execution completed, in memory and on disk.
  webhook.hold();
  start();
  auto receipt = registered("ada@example.com", "Acme Corp");
  auto tenant_id = receipt.value("tenant_id", "");
  auto workflow_id = receipt.value("workflow_id", "");
  auto token = token_of("ada@example.com");
  ASSERT_TRUE(webhook.wait_for_requests(1));
  auto during = workflow(token, workflow_id);
  auto tenant = my_tenant(token);
  EXPECT_EQ(during.value("status", ""), "running");
  EXPECT_EQ(during.value("current_step", ""), "webhook");
  EXPECT_EQ(tenant.value("status", ""), "running");
  expect_consistent(tenant, during);
  EXPECT_EQ(stored_states(tenant_id, workflow_id), "running|running");
  webhook.release(200);
  auto done = finished_workflow(token, workflow_id);
  tenant = my_tenant(token);
  EXPECT_EQ(done.value("status", ""), "completed");
  EXPECT_EQ(tenant.value("status", ""), "ready");
  EXPECT_TRUE(tenant.value("is_active", false));
  EXPECT_EQ(tenant.value("namespace", ""), "acme-corp");
  expect_consistent(tenant, done);
  for (const auto &step : done["steps"])
    EXPECT_EQ(step.value("status", ""), "completed") << step.dump();
  EXPECT_TRUE(done["finished_at"].is_string());
  EXPECT_EQ(stored_states(tenant_id, workflow_id), "ready|completed");
  auto sent = json::parse(webhook.bodies().front());
  EXPECT_EQ(sent.value("tenant_id", ""), tenant_id);
  EXPECT_EQ(sent.value("name", ""), "Acme Corp");
}

TEST_P(Provisioning, AFailingWebhookFailsTheTenantAfterItsRetries) {
  // The webhook answers 500 to every attempt: three calls, then the tenant
  // is failed and inactive, the execution failed with the error text.
  webhook.respond_with(500);
  start();
  auto receipt = registered("ada@example.com");
  auto token = token_of("ada@example.com");
  auto done = finished_workflow(token, receipt.value("workflow_id", ""));
  auto tenant = my_tenant(token);
  EXPECT_EQ(done.value("status", ""), "failed");
  EXPECT_NE(done.value("error", "").find("webhook answered 500"),
            std::string::npos)
      << done.dump();
  EXPECT_EQ(done["steps"].back().value("attempts", 0), 3);
  EXPECT_EQ(done["steps"].back().value("status", ""), "failed");
  EXPECT_EQ(tenant.value("status", ""), "failed");
  EXPECT_FALSE(tenant.value("is_active", true));
  expect_consistent(tenant, done);
  EXPECT_EQ(webhook.bodies().size(), 3u);
  EXPECT_EQ(stored_states(receipt.value("tenant_id", ""),
                          receipt.value("workflow_id", "")),
            "failed|failed");
  EXPECT_NE(query("SELECT error FROM workflow_executions WHERE workflow_id = "
                  "'" +
                  receipt.value("workflow_id", "") + "'")
                .find("webhook answered 500"),
            std::string::npos);
}

TEST_P(Provisioning, ANoListenerWebhookFailsTheTenant) {
  // A webhook URL where nothing listens: each attempt fails to connect.
  start({}, {}, "http://127.0.0.1:1/hook");
  auto receipt = registered("ada@example.com");
  auto token = token_of("ada@example.com");
  auto done = finished_workflow(token, receipt.value("workflow_id", ""));
  EXPECT_EQ(done.value("status", ""), "failed");
  EXPECT_NE(done.value("error", "").find("webhook call failed"),
            std::string::npos)
      << done.dump();
  EXPECT_EQ(my_tenant(token).value("status", ""), "failed");
}

TEST_P(Provisioning, AWorkflowInterruptedByKill9ResumesAtItsStep) {
  // kill -9 while the webhook holds the call; after the restart the
  // execution resumes at "webhook" (attempt 2) without redoing the finished
  // steps, and completes once the webhook answers.
  webhook.hold();
  start();
  auto receipt = registered("ada@example.com");
  auto tenant_id = receipt.value("tenant_id", "");
  auto workflow_id = receipt.value("workflow_id", "");
  auto token = token_of("ada@example.com");
  ASSERT_TRUE(webhook.wait_for_requests(1));
  EXPECT_EQ(query("SELECT current_step FROM workflow_executions WHERE "
                  "workflow_id = '" +
                  workflow_id + "'"),
            "webhook");
  kill_and_restart();
  ASSERT_TRUE(webhook.wait_for_requests(2)) << output();
  EXPECT_EQ(stored_states(tenant_id, workflow_id), "running|running");
  webhook.release(200);
  auto done = finished_workflow(token, workflow_id);
  EXPECT_EQ(done.value("status", ""), "completed") << done.dump();
  ASSERT_EQ(done["steps"].size(), 3u);
  EXPECT_EQ(done["steps"][0].value("attempts", 0), 1);
  EXPECT_EQ(done["steps"][1].value("attempts", 0), 1);
  EXPECT_EQ(done["steps"][2].value("attempts", 0), 2);
  EXPECT_EQ(my_tenant(token).value("status", ""), "ready");
  EXPECT_EQ(stored_states(tenant_id, workflow_id), "ready|completed");
}

INSTANTIATE_TEST_SUITE_P(Backends, Provisioning,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
