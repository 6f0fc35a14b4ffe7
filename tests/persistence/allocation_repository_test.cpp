#include "persistence/allocation_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class AllocationRepository : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    add_tenant("t1");
    add_tenant("t2");
  }
};

allocation_info active(const std::string &tenant, const std::string &id,
                       std::vector<std::string> workers,
                       std::int64_t created_at_ms = 100) {
  return {id, tenant, std::move(workers), true, created_at_ms, 0};
}

void expect_same(const allocation_info &a, const allocation_info &b) {
  EXPECT_EQ(a.allocation_id, b.allocation_id);
  EXPECT_EQ(a.tenant_id, b.tenant_id);
  EXPECT_EQ(a.worker_ids, b.worker_ids);
  EXPECT_EQ(a.active, b.active);
  EXPECT_EQ(a.created_at_ms, b.created_at_ms);
  EXPECT_EQ(a.released_at_ms, b.released_at_ms);
}

TEST_P(AllocationRepository, AllocationIsFoundWithItsWorkersInOrder) {
  // Workers come back in the order allocated, and only for the owner tenant.
  auto allocation = active("t1", "a1", {"w9", "w1", "w5"});
  ASSERT_EQ(create_allocation(sql(), allocation), db_status::ok);
  expect_same(*find_allocation(sql(), "t1", "a1"), allocation);
  EXPECT_FALSE(find_allocation(sql(), "t2", "a1"));
  EXPECT_FALSE(find_allocation(sql(), "t1", "a-unknown"));
}

TEST_P(AllocationRepository, WorkerCannotBeInTwoActiveAllocations) {
  // A second active allocation of a held worker fails and leaves no trace.
  ASSERT_EQ(create_allocation(sql(), active("t1", "a1", {"w1", "w2"})),
            db_status::ok);
  EXPECT_EQ(create_allocation(sql(), active("t2", "a2", {"w3", "w2"})),
            db_status::duplicate);
  EXPECT_EQ(create_allocation(sql(), active("t1", "a3", {"w1"})),
            db_status::duplicate);
  EXPECT_FALSE(find_allocation(sql(), "t2", "a2"));
  EXPECT_EQ(count_rows("allocation_workers", "worker_id = 'w3'"), 0);
  EXPECT_EQ(create_allocation(sql(), active("t2", "a1", {"w7"})),
            db_status::duplicate);
}

TEST_P(AllocationRepository, ReleasedWorkersCanBeAllocatedAgain) {
  // Release frees the workers; the released allocation keeps its history.
  ASSERT_EQ(create_allocation(sql(), active("t1", "a1", {"w1", "w2"})),
            db_status::ok);
  ASSERT_EQ(release_allocation(sql(), "t1", "a1", 500), db_status::ok);
  EXPECT_EQ(create_allocation(sql(), active("t2", "a2", {"w2"})),
            db_status::ok);
  auto released = find_allocation(sql(), "t1", "a1");
  ASSERT_TRUE(released);
  EXPECT_FALSE(released->active);
  EXPECT_EQ(released->released_at_ms, 500);
  EXPECT_EQ(released->worker_ids, (std::vector<std::string>{"w1", "w2"}));
}

TEST_P(AllocationRepository, ReleaseIsForTheOwnerAndIdempotent) {
  // Unknown or another tenant's allocation is not_found; a second release is
  // ok and keeps the first time.
  ASSERT_EQ(create_allocation(sql(), active("t1", "a1", {"w1"})),
            db_status::ok);
  EXPECT_EQ(release_allocation(sql(), "t2", "a1", 500), db_status::not_found);
  EXPECT_EQ(release_allocation(sql(), "t1", "a-unknown", 500),
            db_status::not_found);
  EXPECT_TRUE(find_allocation(sql(), "t1", "a1")->active);
  EXPECT_EQ(release_allocation(sql(), "t1", "a1", 500), db_status::ok);
  EXPECT_EQ(release_allocation(sql(), "t1", "a1", 900), db_status::ok);
  EXPECT_EQ(find_allocation(sql(), "t1", "a1")->released_at_ms, 500);
}

TEST_P(AllocationRepository, OnlyActiveAllocationsLoadOldestFirst) {
  // Restart restores exactly the allocations still holding workers.
  auto newer = active("t1", "a-new", {"w3"}, 300);
  auto older = active("t2", "a-old", {"w1", "w2"}, 100);
  ASSERT_EQ(create_allocation(sql(), newer), db_status::ok);
  ASSERT_EQ(create_allocation(sql(), older), db_status::ok);
  ASSERT_EQ(create_allocation(sql(), active("t1", "a-gone", {"w4"}, 50)),
            db_status::ok);
  ASSERT_EQ(release_allocation(sql(), "t1", "a-gone", 60), db_status::ok);
  auto loaded = load_active_allocations(sql());
  ASSERT_EQ(loaded.size(), 2u);
  expect_same(loaded[0], older);
  expect_same(loaded[1], newer);
}

TEST_P(AllocationRepository, SnapshotsCreateThenRelease) {
  // save_allocation applies an allocation's snapshots in order, repeatably.
  auto allocation = active("t1", "a1", {"w1"});
  ASSERT_EQ(save_allocation(sql(), allocation), db_status::ok);
  ASSERT_EQ(save_allocation(sql(), allocation), db_status::ok);
  allocation.active = false;
  allocation.released_at_ms = 700;
  ASSERT_EQ(save_allocation(sql(), allocation), db_status::ok);
  ASSERT_EQ(save_allocation(sql(), allocation), db_status::ok);
  expect_same(*find_allocation(sql(), "t1", "a1"), allocation);
  EXPECT_EQ(count_rows("allocation_workers", "active = 1"), 0);
  allocation.tenant_id = "t2";
  EXPECT_EQ(save_allocation(sql(), allocation), db_status::duplicate);
}

TEST_P(AllocationRepository, AllocationOfAnUnknownTenantIsRejected) {
  // The tenant foreign key is enforced.
  EXPECT_EQ(create_allocation(sql(), active("nobody", "a1", {"w1"})),
            db_status::foreign_key);
  EXPECT_EQ(count_rows("allocations"), 0);
  EXPECT_EQ(count_rows("allocation_workers"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AllocationRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
