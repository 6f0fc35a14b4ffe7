#include "persistence/allocation_repository.hpp"
#include "persistence/idempotency_repository.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/quota_repository.hpp"
#include "persistence/tenant_repository.hpp"
#include "persistence/user_repository.hpp"
#include "persistence/workflow_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class TenantRepository : public migrated_db_fixture {
protected:
  // One of everything a tenant can own, with ids prefixed by the tenant.
  void add_everything_of(const std::string &t) {
    add_tenant(t);
    ASSERT_EQ(
        create_user(
            sql(), {t + "-u", t + "@example.com", "hash", t, {"jobs:read"}, 1}),
        db_status::ok);
    auto job = make_job(t, t + "-j");
    move_job(job, job_state::running, 3000, "allocated");
    ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
    ASSERT_EQ(create_workflow(sql(), {t + "-w",
                                      t,
                                      "provision_tenant",
                                      workflow_status::running,
                                      "",
                                      1,
                                      {},
                                      "",
                                      1,
                                      0}),
              db_status::ok);
    ASSERT_EQ(
        create_allocation(sql(), {t + "-a", t, {t + "-worker"}, true, 1, 0}),
        db_status::ok);
    ASSERT_EQ(insert_idempotency_key(sql(), {t, "key", "hash", t + "-j", 1}),
              db_status::ok);
  }

  int owned_rows(const std::string &t) {
    auto of = "tenant_id = '" + t + "'";
    return count_rows("tenants", of) + count_rows("users", of) +
           count_rows("quotas", of) + count_rows("jobs", of) +
           count_rows("job_events", "job_id = '" + t + "-j'") +
           count_rows("workflow_executions", of) +
           count_rows("allocations", of) +
           count_rows("allocation_workers", "allocation_id = '" + t + "-a'") +
           count_rows("idempotency_keys", of);
  }
};

TEST_P(TenantRepository, CreatesFindsAndLoadsTenants) {
  // A created tenant reads back field for field; load_tenants is oldest first.
  tenant_record later{"t-b", "Bravo", tenant_status::pending, 2000, 2500};
  tenant_record earlier{"t-a", "Alpha", tenant_status::running, 1000, 0};
  ASSERT_EQ(create_tenant(sql(), later, {}), db_status::ok);
  ASSERT_EQ(create_tenant(sql(), earlier, {}), db_status::ok);
  auto found = find_tenant(sql(), "t-b");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Bravo");
  EXPECT_EQ(found->status, tenant_status::pending);
  EXPECT_EQ(found->created_at_ms, 2000);
  EXPECT_EQ(found->updated_at_ms, 2500);
  EXPECT_EQ(find_tenant(sql(), "t-a")->updated_at_ms, 1000);
  EXPECT_FALSE(find_tenant(sql(), "t-unknown"));
  auto all = load_tenants(sql());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].tenant_id, "t-a");
  EXPECT_EQ(all[1].tenant_id, "t-b");
}

TEST_P(TenantRepository, DuplicateTenantIdIsRejectedAndChangesNothing) {
  // A second tenant with the same id is a duplicate; the first stays as it was.
  add_tenant("t1");
  tenant_record again{"t1", "Other", tenant_status::failed, 5, 5};
  EXPECT_EQ(create_tenant(sql(), again, {1, 1, 1}), db_status::duplicate);
  EXPECT_EQ(find_tenant(sql(), "t1")->name, "Tenant t1");
  EXPECT_EQ(find_quotas(sql(), "t1")->max_running_jobs, 100);
}

TEST_P(TenantRepository, UpdatesStatusOfKnownTenantsOnly) {
  // A status update is stored with its time; an unknown tenant is not_found.
  add_tenant("t1");
  EXPECT_EQ(update_tenant_status(sql(), "t1", tenant_status::failed, 7777),
            db_status::ok);
  auto found = find_tenant(sql(), "t1");
  EXPECT_EQ(found->status, tenant_status::failed);
  EXPECT_EQ(found->updated_at_ms, 7777);
  EXPECT_EQ(update_tenant_status(sql(), "nobody", tenant_status::ready, 1),
            db_status::not_found);
}

TEST_P(TenantRepository, QuotasAreCreatedWithTheTenantAndReplaced) {
  // Quotas come with the tenant, are replaced whole, and need a real tenant.
  tenant_record tenant{"t1", "One", tenant_status::ready, 1, 1};
  ASSERT_EQ(create_tenant(sql(), tenant, {-1, 7, 70}), db_status::ok);
  auto quotas = find_quotas(sql(), "t1");
  ASSERT_TRUE(quotas);
  EXPECT_EQ(quotas->max_workers, -1);
  EXPECT_EQ(quotas->max_running_jobs, 7);
  EXPECT_EQ(quotas->max_pending_jobs, 70);
  EXPECT_EQ(set_quotas(sql(), "t1", {4, 2, 20}), db_status::ok);
  quotas = find_quotas(sql(), "t1");
  EXPECT_EQ(quotas->max_workers, 4);
  EXPECT_EQ(quotas->max_running_jobs, 2);
  EXPECT_EQ(quotas->max_pending_jobs, 20);
  EXPECT_EQ(set_quotas(sql(), "nobody", {}), db_status::foreign_key);
  EXPECT_EQ(set_quotas(sql(), "t1", {1, -5, 1}), db_status::invalid);
  EXPECT_FALSE(find_quotas(sql(), "nobody"));
}

TEST_P(TenantRepository, DeletingATenantCascadesToEverythingItOwns) {
  // Users, quotas, jobs, events, workflows, allocations and keys go with it.
  add_everything_of("ta");
  add_everything_of("tb");
  ASSERT_EQ(owned_rows("ta"), 9);
  EXPECT_EQ(delete_tenant(sql(), "ta"), db_status::ok);
  EXPECT_EQ(owned_rows("ta"), 0);
  EXPECT_EQ(owned_rows("tb"), 9);
  EXPECT_EQ(delete_tenant(sql(), "ta"), db_status::not_found);
  // The freed worker can be allocated again.
  EXPECT_EQ(
      create_allocation(sql(), {"tb-a2", "tb", {"ta-worker"}, true, 2, 0}),
      db_status::ok);
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
