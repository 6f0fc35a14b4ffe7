#include "persistence/recovery.hpp"
#include "persistence/sql_batch_committer.hpp"
#include "persistence/user_repository.hpp"
#include "persistence/workflow_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class AccountWrites : public migrated_db_fixture {
protected:
  // A sign-up of `email` creating tenant `tenant_id` and execution wf-<id>.
  static registration sign_up(const std::string &email,
                              const std::string &tenant_id) {
    registration r;
    r.tenant = {tenant_id, "Tenant " + tenant_id, tenant_status::pending, 1000,
                1000,      tenant_quotas{2, 3, 4}};
    r.user = {"u-" + tenant_id,      email, "$argon2id$h", tenant_id,
              tenant_owner_scopes(), 1000};
    r.workflow.workflow_id = "wf-" + tenant_id;
    r.workflow.tenant_id = tenant_id;
    r.workflow.kind = provision_tenant_kind;
    r.workflow.steps = {{"a", "pending", 0, ""}};
    r.workflow.started_at_ms = 1000;
    return r;
  }

  std::vector<refused_snapshot> commit(snapshot_batch batch) {
    return committer.commit(batch);
  }

  std::string tenant_column(const std::string &column, const std::string &id) {
    std::string value;
    soci::indicator ind = soci::i_ok;
    sql() << "SELECT " + column + " FROM tenants WHERE tenant_id = :id",
        soci::into(value, ind), soci::use(id);
    return ind == soci::i_ok ? value : "NULL";
  }

  sql_batch_committer committer{[this] { return open(); }};
};

TEST_P(AccountWrites, ARegistrationStoresUserTenantQuotasAndExecution) {
  // One registration writes the four rows; they read back as written.
  snapshot_batch batch;
  batch.registrations.push_back({"r1", sign_up("ada@example.com", "t1")});
  EXPECT_TRUE(commit(batch).empty());
  auto user = find_user_by_email(sql(), "ADA@example.com");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->tenant_id, "t1");
  EXPECT_EQ(user->scopes, tenant_owner_scopes());
  auto tenant = find_tenant(sql(), "t1");
  ASSERT_TRUE(tenant);
  EXPECT_EQ(tenant->status, tenant_status::pending);
  EXPECT_EQ(tenant->quotas.max_pending_jobs, 4);
  EXPECT_TRUE(tenant->id_namespace.empty());
  auto workflow = find_workflow(sql(), "t1", "wf-t1");
  ASSERT_TRUE(workflow);
  EXPECT_EQ(workflow->status, workflow_status::running);
}

TEST_P(AccountWrites, ADuplicateEmailIsRefusedAloneAsDuplicate) {
  // The second sign-up of an address (another case) leaves no row; the
  // first and an unrelated one commit.
  snapshot_batch batch;
  batch.registrations.push_back({"r1", sign_up("ada@example.com", "t1")});
  batch.registrations.push_back({"r2", sign_up("Ada@Example.com", "t2")});
  batch.registrations.push_back({"r3", sign_up("bob@example.com", "t3")});
  auto refused = commit(batch);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused.front().key, "r2");
  EXPECT_TRUE(refused.front().duplicate);
  EXPECT_EQ(count_rows("tenants"), 2);
  EXPECT_EQ(count_rows("users"), 2);
  EXPECT_EQ(count_rows("workflow_executions"), 2);
  EXPECT_EQ(count_rows("quotas"), 2);
}

TEST_P(AccountWrites, ATenantSnapshotWritesOnlyItsPartWithTheExecution) {
  // A status change and its execution are written together; a quota change
  // leaves the status alone.
  snapshot_batch first;
  first.registrations.push_back({"r1", sign_up("ada@example.com", "t1")});
  ASSERT_TRUE(commit(first).empty());
  auto created = sign_up("ada@example.com", "t1");
  tenant_snapshot progress{
      tenant_change::status, created.tenant, {created.workflow}};
  progress.tenant.status = tenant_status::ready;
  progress.tenant.quotas = tenant_quotas{9, 9, 9};
  progress.workflows.front().status = workflow_status::completed;
  progress.workflows.front().finished_at_ms = 2000;
  tenant_snapshot quotas{tenant_change::quotas, created.tenant, {}};
  quotas.tenant.quotas = tenant_quotas{5, 6, 7};
  snapshot_batch second;
  second.tenants.push_back({"t-a", progress});
  second.tenants.push_back({"t-b", quotas});
  EXPECT_TRUE(commit(second).empty());
  auto tenant = find_tenant(sql(), "t1");
  EXPECT_EQ(tenant->status, tenant_status::ready);
  EXPECT_EQ(tenant->quotas.max_workers, 5);
  EXPECT_EQ(find_workflow(sql(), "t1", "wf-t1")->status,
            workflow_status::completed);
}

TEST_P(AccountWrites, ATakenNamespaceIsRefusedAsDuplicate) {
  // Two tenants cannot hold one id namespace; the refused one keeps none.
  snapshot_batch first;
  first.registrations.push_back({"r1", sign_up("ada@example.com", "t1")});
  first.registrations.push_back({"r2", sign_up("bob@example.com", "t2")});
  ASSERT_TRUE(commit(first).empty());
  snapshot_batch second;
  for (const char *id : {"t1", "t2"}) {
    tenant_snapshot claim{
        tenant_change::id_namespace, sign_up("x", id).tenant, {}};
    claim.tenant.id_namespace = "acme";
    second.tenants.push_back({std::string("ns-") + id, claim});
  }
  auto refused = commit(second);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused.front().key, "ns-t2");
  EXPECT_TRUE(refused.front().duplicate);
  EXPECT_EQ(tenant_column("id_namespace", "t1"), "acme");
  EXPECT_EQ(tenant_column("id_namespace", "t2"), "NULL");
}

TEST_P(AccountWrites, AnUpgradedPasswordHashReplacesTheOldOne) {
  // A user snapshot writes the new hash.
  snapshot_batch first;
  first.registrations.push_back({"r1", sign_up("ada@example.com", "t1")});
  ASSERT_TRUE(commit(first).empty());
  auto user = *find_user(sql(), "u-t1");
  user.password_hash = "$argon2id$stronger";
  snapshot_batch second;
  second.users.push_back(user);
  EXPECT_TRUE(commit(second).empty());
  EXPECT_EQ(find_user(sql(), "u-t1")->password_hash, "$argon2id$stronger");
}

TEST_P(AccountWrites, RecoveryLoadsUsersTenantsAndEveryExecution) {
  // Users, tenants (quotas, namespace) and executions, finished or not,
  // come back at start; quotas also for the supervisor.
  snapshot_batch first;
  first.registrations.push_back({"r1", sign_up("ada@example.com", "t1")});
  first.registrations.push_back({"r2", sign_up("bob@example.com", "t2")});
  ASSERT_TRUE(commit(first).empty());
  auto done = sign_up("bob@example.com", "t2");
  tenant_snapshot finished{tenant_change::status, done.tenant, {done.workflow}};
  finished.tenant.status = tenant_status::failed;
  finished.workflows.front().status = workflow_status::failed;
  finished.workflows.front().error = "b: down";
  snapshot_batch second;
  second.tenants.push_back({"s", finished});
  ASSERT_TRUE(commit(second).empty());
  auto recovered = recover(sql(), kind());
  ASSERT_TRUE(std::holds_alternative<recovered_state>(recovered));
  auto &state = std::get<recovered_state>(recovered);
  EXPECT_EQ(state.users.size(), 2u);
  ASSERT_EQ(state.tenants.size(), 2u);
  EXPECT_EQ(state.tenants[0].quotas.max_running_jobs, 3);
  ASSERT_EQ(state.workflows.size(), 2u);
  EXPECT_EQ(state.quotas_by_tenant.at("t2").max_pending_jobs, 4);
  std::size_t running = 0;
  for (const auto &w : state.workflows)
    running += w.status == workflow_status::running;
  EXPECT_EQ(running, 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountWrites, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
