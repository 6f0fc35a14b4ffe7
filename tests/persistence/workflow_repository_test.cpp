#include "persistence/workflow_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class WorkflowRepository : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    add_tenant("t1");
    add_tenant("t2");
  }
};

workflow_record provisioning(const std::string &tenant, const std::string &id,
                             std::int64_t started_at_ms = 100) {
  return {id,
          tenant,
          "provision_tenant",
          workflow_status::running,
          "create_namespace",
          1,
          {{"create_namespace", "running", 1, ""},
           {"seed_quotas", "pending", 0, ""}},
          "",
          started_at_ms,
          0};
}

void expect_same(const workflow_record &a, const workflow_record &b) {
  EXPECT_EQ(a.workflow_id, b.workflow_id);
  EXPECT_EQ(a.tenant_id, b.tenant_id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.current_step, b.current_step);
  EXPECT_EQ(a.attempt, b.attempt);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.started_at_ms, b.started_at_ms);
  EXPECT_EQ(a.finished_at_ms, b.finished_at_ms);
}

TEST_P(WorkflowRepository, ExecutionIsCreatedUpdatedAndFound) {
  // Progress (steps, attempt, error, finish) is stored and read back whole.
  auto workflow = provisioning("t1", "wf1");
  ASSERT_EQ(create_workflow(sql(), workflow), db_status::ok);
  expect_same(*find_workflow(sql(), "t1", "wf1"), workflow);
  workflow.status = workflow_status::failed;
  workflow.current_step = "seed_quotas";
  workflow.attempt = 3;
  workflow.steps = {{"create_namespace", "completed", 1, ""},
                    {"seed_quotas", "failed", 3, "webhook answered 503"}};
  workflow.error = "seed_quotas: webhook answered 503";
  workflow.finished_at_ms = 900;
  ASSERT_EQ(update_workflow(sql(), workflow), db_status::ok);
  expect_same(*find_workflow(sql(), "t1", "wf1"), workflow);
}

TEST_P(WorkflowRepository, ExecutionsAreOnlyVisibleToTheirTenant) {
  // Reads and updates through another tenant find nothing and change nothing.
  auto workflow = provisioning("t1", "wf1");
  ASSERT_EQ(create_workflow(sql(), workflow), db_status::ok);
  EXPECT_FALSE(find_workflow(sql(), "t2", "wf1"));
  EXPECT_FALSE(find_workflow(sql(), "t1", "wf-unknown"));
  auto other = workflow;
  other.tenant_id = "t2";
  other.status = workflow_status::completed;
  EXPECT_EQ(update_workflow(sql(), other), db_status::not_found);
  EXPECT_EQ(find_workflow(sql(), "t1", "wf1")->status,
            workflow_status::running);
}

TEST_P(WorkflowRepository, DuplicateIdAndUnknownTenantAreRejected) {
  // The primary key and the tenant foreign key are enforced.
  ASSERT_EQ(create_workflow(sql(), provisioning("t1", "wf1")), db_status::ok);
  EXPECT_EQ(create_workflow(sql(), provisioning("t2", "wf1")),
            db_status::duplicate);
  EXPECT_EQ(create_workflow(sql(), provisioning("nobody", "wf2")),
            db_status::foreign_key);
  EXPECT_EQ(count_rows("workflow_executions"), 1);
}

TEST_P(WorkflowRepository, UnfinishedExecutionsLoadOldestFirst) {
  // Only running executions come back, in the order they started.
  auto late = provisioning("t1", "wf-late", 300);
  auto early = provisioning("t2", "wf-early", 100);
  auto done = provisioning("t1", "wf-done", 50);
  done.status = workflow_status::completed;
  done.finished_at_ms = 60;
  for (const auto &w : {late, early, done})
    ASSERT_EQ(create_workflow(sql(), w), db_status::ok);
  auto loaded = load_unfinished_workflows(sql());
  ASSERT_EQ(loaded.size(), 2u);
  expect_same(loaded[0], early);
  expect_same(loaded[1], late);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
