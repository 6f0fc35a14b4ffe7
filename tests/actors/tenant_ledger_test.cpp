#include "actors/tenant_ledger.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace orch {
namespace {

constexpr std::size_t pool_size = 8;

// The reason given for a refusal, or "(none)" when nothing was refused.
std::string refusal(const std::optional<std::string> &why) {
  return why ? *why : "(none)";
}

class TenantLedgerTest : public ::testing::Test {
protected:
  // Tenant `a` gets `quotas` and holds `held` workers.
  void a_holds(tenant_quotas quotas, std::int32_t held) {
    ledger.set_quotas("a", quotas);
    ledger.account("a").workers_held = held;
  }

  tenant_ledger ledger{tenant_quotas{-1, 3, 5}};
};

TEST_F(TenantLedgerTest, NewTenantGetsTheDefaults) {
  // A new tenant gets the default quotas and no usage; -1 is the whole pool.
  auto &account = ledger.account("a");
  EXPECT_EQ(account.quotas.max_workers, -1);
  EXPECT_EQ(account.quotas.max_running_jobs, 3);
  EXPECT_EQ(account.quotas.max_pending_jobs, 5);
  EXPECT_EQ(account.workers_held, 0);
  EXPECT_EQ(account.running_jobs, 0);
  EXPECT_EQ(account.pending_jobs, 0);
  EXPECT_EQ(ledger.max_workers("a", pool_size), 8);
}

TEST_F(TenantLedgerTest, QuotasArePerTenant) {
  // Setting one tenant's quotas leaves the others on the defaults.
  ledger.set_quotas("a", {2, 1, 1});
  EXPECT_EQ(ledger.max_workers("a", pool_size), 2);
  EXPECT_EQ(ledger.account("a").quotas.max_running_jobs, 1);
  EXPECT_EQ(ledger.max_workers("b", pool_size), 8);
  EXPECT_EQ(ledger.account("b").quotas.max_pending_jobs, 5);
}

TEST_F(TenantLedgerTest, RefuseSubmitAtMaxPendingJobs) {
  // A submit is refused once the pending jobs reach max_pending_jobs.
  auto &account = ledger.account("a");
  account.pending_jobs = 4;
  EXPECT_FALSE(ledger.refuse_submit("a"));
  account.pending_jobs = 5;
  EXPECT_EQ(refusal(ledger.refuse_submit("a")),
            "over quota: max_pending_jobs 5 reached");
  EXPECT_FALSE(ledger.refuse_submit("b"));
}

TEST_F(TenantLedgerTest, RefuseStartAtMaxRunningJobs) {
  // A start is refused once the running jobs reach max_running_jobs.
  auto &account = ledger.account("a");
  account.running_jobs = 2;
  EXPECT_FALSE(ledger.refuse_start("a", 1, pool_size));
  account.running_jobs = 3;
  EXPECT_EQ(refusal(ledger.refuse_start("a", 1, pool_size)),
            "over quota: max_running_jobs 3 reached");
}

TEST_F(TenantLedgerTest, RefuseStartBeyondMaxWorkers) {
  // A start is refused if the workers held plus the gang exceed max_workers.
  a_holds({4, 10, 10}, 2);
  EXPECT_FALSE(ledger.refuse_start("a", 2, pool_size));
  EXPECT_EQ(refusal(ledger.refuse_start("a", 3, pool_size)),
            "over quota: needs 3 workers, 2 of max_workers 4 held");
  EXPECT_TRUE(ledger.refuse_start("b", 9, pool_size));
  EXPECT_FALSE(ledger.refuse_start("b", 8, pool_size));
}

TEST_F(TenantLedgerTest, RefuseAllocationBeyondMaxWorkers) {
  // An allocation past max_workers is refused; running jobs do not matter.
  a_holds({3, 0, 10}, 1);
  EXPECT_FALSE(ledger.refuse_allocation("a", 2, pool_size));
  EXPECT_EQ(refusal(ledger.refuse_allocation("a", 3, pool_size)),
            "over quota: 1 of 3 workers held");
}

TEST_F(TenantLedgerTest, UsageReportsQuotasCountersAndHeadroom) {
  // usage() copies counters and bounds available by headroom and idle workers.
  ledger.set_quotas("a", {5, 10, 10});
  auto &account = ledger.account("a");
  account.workers_held = 3;
  account.workers_allocated = 1;
  account.running_jobs = 2;
  account.pending_jobs = 4;
  account.submitted = 9;
  account.completed = 6;
  account.failed = 1;
  auto u = ledger.usage("a", pool_size, 6);
  EXPECT_EQ(u.tenant_id, "a");
  EXPECT_EQ(u.quotas.max_workers, 5);
  EXPECT_EQ(u.effective_max_workers, 5);
  EXPECT_EQ(u.workers_held, 3);
  EXPECT_EQ(u.workers_allocated, 1);
  EXPECT_EQ(u.available_workers, 2); // headroom 2, 6 idle
  EXPECT_EQ(u.running_jobs, 2);
  EXPECT_EQ(u.pending_jobs, 4);
  EXPECT_EQ(u.jobs_submitted, 9);
  EXPECT_EQ(u.jobs_completed, 6);
  EXPECT_EQ(u.jobs_failed, 1);
  EXPECT_EQ(ledger.usage("a", pool_size, 1).available_workers, 1);
}

TEST_F(TenantLedgerTest, AvailableWorkersNeverNegative) {
  // A quota lowered below what is held leaves no headroom, not a negative.
  ledger.account("a").workers_held = 4;
  ledger.set_quotas("a", {2, 10, 10});
  auto u = ledger.usage("a", pool_size, 4);
  EXPECT_EQ(u.available_workers, 0);
  EXPECT_EQ(u.workers_held, 4);
}

} // namespace
} // namespace orch
