#include "provisioning_fixture.hpp"

namespace orch {
namespace {

using namespace std::chrono_literals;

class ProvisioningTest : public test::registry_test {
protected:
  // Registers a tenant and returns its receipt.
  registration_receipt
  registered(const std::string &email = "ada@example.com") {
    auto receipt = sign_up(email);
    EXPECT_TRUE(receipt.ok());
    return receipt.ok() ? *receipt : registration_receipt{};
  }

  // Starts the registry with the writer holding commits and signs up; the
  // answer stays pending until the commits are released.
  std::shared_ptr<test::reply<registration_receipt>>
  sign_up_with_commits_held() {
    writes->hold = true;
    start_registry();
    auto receipt = ask_later<registration_receipt>(
        registry, register_atom::value,
        registration_request{"ada@example.com", "$argon2id$hash", "Acme"});
    run();
    return receipt;
  }

  std::vector<std::string> step_statuses(const workflow_info &wf) {
    std::vector<std::string> result;
    for (const auto &s : wf.steps)
      result.push_back(s.status);
    return result;
  }
};

TEST_F(ProvisioningTest, EveryStepSucceedsAndTheTenantBecomesReady) {
  // pending → running → ready; the execution completes with every step once.
  start_registry();
  auto receipt = registered();
  EXPECT_EQ(receipt.status, tenant_status::pending);
  auto t = tenant(receipt.tenant_id);
  EXPECT_EQ(t.status, tenant_status::ready);
  EXPECT_TRUE(is_active(t.status));
  auto wf = workflow(receipt.tenant_id, receipt.workflow_id);
  ASSERT_TRUE(wf.ok());
  EXPECT_EQ(wf->status, workflow_status::completed);
  EXPECT_EQ(step_statuses(*wf),
            (std::vector<std::string>{"completed", "completed", "completed"}));
  for (const auto &s : wf->steps)
    EXPECT_EQ(s.attempts, 1) << s.name;
  EXPECT_EQ(wf->current_step, "c");
  EXPECT_GT(wf->finished_at_ms, 0);
  std::vector<tenant_status> stored;
  for (const auto &snapshot : writes->snapshots)
    stored.push_back(snapshot.tenant.status);
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored.front(), tenant_status::running);
  EXPECT_EQ(stored.back(), tenant_status::ready);
  expect_consistent_snapshots();
}

TEST_F(ProvisioningTest, StepsSeeTheTenantAndTheirAttempt) {
  // Each attempt is told the workflow, the tenant (running) and its number.
  start_registry();
  auto receipt = registered();
  ASSERT_EQ(step(1).contexts.size(), 1u);
  const auto &context = step(1).contexts.front();
  EXPECT_EQ(context.workflow_id, receipt.workflow_id);
  EXPECT_EQ(context.tenant.tenant_id, receipt.tenant_id);
  EXPECT_EQ(context.tenant.status, tenant_status::running);
  EXPECT_EQ(context.attempt, 1);
  EXPECT_TRUE(context.registry);
}

TEST_F(ProvisioningTest, AFailingStepIsRetriedWithBackoffThenSucceeds) {
  // Two failed attempts, each recorded as retrying, then success.
  use_steps({"a", "b"});
  step(1).script = {step_outcome::failure("boom 1"),
                    step_outcome::failure("boom 2")};
  start_registry();
  auto receipt = registered();
  auto wf = workflow(receipt.tenant_id, receipt.workflow_id);
  EXPECT_EQ(wf->status, workflow_status::running);
  EXPECT_EQ(wf->steps[1].status, step_status::retrying);
  EXPECT_EQ(wf->steps[1].error, "boom 1");
  EXPECT_EQ(wf->attempt, 1);
  advance(99ms);
  EXPECT_EQ(step(1).contexts.size(), 1u) << "retried before the backoff";
  advance(1ms);
  EXPECT_EQ(step(1).contexts.size(), 2u);
  advance(200ms);
  wf = workflow(receipt.tenant_id, receipt.workflow_id);
  EXPECT_EQ(wf->status, workflow_status::completed);
  EXPECT_EQ(wf->steps[1].attempts, 3);
  EXPECT_EQ(wf->attempt, 3);
  EXPECT_TRUE(wf->steps[1].error.empty());
  EXPECT_EQ(tenant(receipt.tenant_id).status, tenant_status::ready);
}

TEST_F(ProvisioningTest, AStepFailingEveryAttemptFailsTheTenant) {
  // After max_attempts the execution fails with the error; later steps never
  // run; the tenant is failed and inactive.
  step(1).script = {step_outcome::failure("no"), step_outcome::failure("no"),
                    step_outcome::failure("webhook answered 500")};
  start_registry();
  auto receipt = registered();
  advance(100ms);
  advance(200ms);
  auto wf = workflow(receipt.tenant_id, receipt.workflow_id);
  EXPECT_EQ(wf->status, workflow_status::failed);
  EXPECT_EQ(wf->error, "b failed after 3 attempts: webhook answered 500");
  EXPECT_EQ(step_statuses(*wf),
            (std::vector<std::string>{"completed", "failed", "pending"}));
  EXPECT_TRUE(step(2).contexts.empty());
  auto t = tenant(receipt.tenant_id);
  EXPECT_EQ(t.status, tenant_status::failed);
  EXPECT_FALSE(is_active(t.status));
  expect_consistent_snapshots();
}

TEST_F(ProvisioningTest, AnAttemptWithoutAnswerFailsAtTheStepTimeout) {
  // A step that never answers counts as a failed attempt after step_timeout;
  // its late answer is ignored.
  provisioning.max_attempts = 1;
  step(0).hold = true;
  start_registry();
  auto receipt = registered();
  EXPECT_EQ(workflow(receipt.tenant_id, receipt.workflow_id)->status,
            workflow_status::running);
  advance(5s);
  auto wf = workflow(receipt.tenant_id, receipt.workflow_id);
  EXPECT_EQ(wf->status, workflow_status::failed);
  EXPECT_EQ(wf->error, "a failed after 1 attempts: no answer within 5000 ms");
  step(0).release();
  run();
  EXPECT_EQ(workflow(receipt.tenant_id, receipt.workflow_id)->status,
            workflow_status::failed);
}

TEST_F(ProvisioningTest, TheNextStepStartsOnlyAfterProgressIsStored) {
  // Sign-up is answered after its commit; step a starts only once "a
  // running" is stored, b only once "a completed, b running" is.
  auto receipt = sign_up_with_commits_held();
  EXPECT_FALSE(receipt->answered);
  release_held_commits();
  EXPECT_TRUE(receipt->ok());
  EXPECT_TRUE(step(0).contexts.empty());
  release_held_commits();
  EXPECT_EQ(step(0).contexts.size(), 1u);
  EXPECT_TRUE(step(1).contexts.empty());
  release_held_commits();
  EXPECT_EQ(step(1).contexts.size(), 1u);
}

TEST_F(ProvisioningTest, ProgressThatCouldNotBeStoredIsStoredAgainLater) {
  // While the writer fails, no step starts; the report is tried again after
  // report_retry_delay and provisioning then goes on to ready.
  auto receipt = sign_up_with_commits_held();
  writes->fail_with = make_error(orch_errc::unavailable, "disk on fire");
  writes->hold = false;
  release_held_commits();
  ASSERT_TRUE(receipt->ok());
  EXPECT_TRUE(step(0).contexts.empty());
  EXPECT_EQ(tenant((*receipt)->tenant_id).status, tenant_status::pending);
  writes->fail_with = caf::error{};
  advance(provisioning.report_retry_delay);
  EXPECT_EQ(step(0).contexts.size(), 1u);
  EXPECT_EQ(tenant((*receipt)->tenant_id).status, tenant_status::ready);
}

TEST_F(ProvisioningTest, ARunningWorkflowResumesAtItsUnfinishedStep) {
  // After a restart: a (completed) is not run again, b (interrupted in its
  // first attempt) runs as attempt 2, then c; the tenant becomes ready.
  tenant_info stored_tenant;
  stored_tenant.tenant_id = "tenant-1";
  stored_tenant.name = "Acme";
  stored_tenant.status = tenant_status::running;
  workflow_info stored;
  stored.workflow_id = "wf-1";
  stored.tenant_id = "tenant-1";
  stored.kind = provision_tenant_kind;
  stored.current_step = "b";
  stored.attempt = 1;
  stored.steps = {{"a", "completed", 1, ""},
                  {"b", "running", 1, ""},
                  {"c", "pending", 0, ""}};
  stored.started_at_ms = now_ms();
  start_registry({}, {stored_tenant}, {stored});
  EXPECT_TRUE(step(0).contexts.empty());
  ASSERT_EQ(step(1).contexts.size(), 1u);
  EXPECT_EQ(step(1).contexts.front().attempt, 2);
  EXPECT_EQ(step(2).contexts.size(), 1u);
  auto wf = workflow("tenant-1", "wf-1");
  EXPECT_EQ(wf->status, workflow_status::completed);
  EXPECT_EQ(wf->steps[0].attempts, 1);
  EXPECT_EQ(wf->steps[1].attempts, 2);
  EXPECT_EQ(tenant("tenant-1").status, tenant_status::ready);
}

TEST_F(ProvisioningTest, AStoredStepUnknownToThisBinaryIsDroppedNewOnesAdded) {
  // The execution's steps follow the configured steps: an old step's record
  // is dropped, a new step starts pending.
  std::vector<workflow_step> recorded{{"a", "completed", 1, ""},
                                      {"gone", "completed", 1, ""}};
  use_steps({"a", "new"});
  provisioning_steps configured(steps.begin(), steps.end());
  auto steps_now = reconcile_steps(recorded, configured);
  ASSERT_EQ(steps_now.size(), 2u);
  EXPECT_EQ(steps_now[0], (workflow_step{"a", "completed", 1, ""}));
  EXPECT_EQ(steps_now[1], (workflow_step{"new", "pending", 0, ""}));
}

TEST_F(ProvisioningTest, BackoffDoublesUpToItsCap) {
  // base * 2^(n-1), capped at backoff_max.
  provisioning_settings s;
  s.backoff_base = 200ms;
  s.backoff_max = 1000ms;
  EXPECT_EQ(s.backoff(1), 200ms);
  EXPECT_EQ(s.backoff(2), 400ms);
  EXPECT_EQ(s.backoff(3), 800ms);
  EXPECT_EQ(s.backoff(4), 1000ms);
  EXPECT_EQ(s.backoff(40), 1000ms);
}

} // namespace
} // namespace orch
