#include "actors/pending_queue.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace orch {
namespace {

queue_entry entry(std::string job, std::string tenant,
                  std::int32_t priority = 0, std::int32_t workers = 1) {
  return {std::move(job), std::move(tenant), priority, workers, 1};
}

class PendingQueueTest : public ::testing::Test {
protected:
  // Pops until nothing can start; returns the job ids in pop order.
  std::vector<std::string> drain() {
    std::vector<std::string> order;
    while (auto next = queue.pop_next(held, allowed, fits))
      order.push_back(next->job_id);
    return order;
  }

  pending_queue queue;
  std::map<std::string, std::int32_t> held_by;
  pending_queue::held_workers held = [this](const std::string &tenant) {
    auto it = held_by.find(tenant);
    return it == held_by.end() ? 0 : it->second;
  };
  pending_queue::can_start allowed = [](const std::string &, std::int32_t) {
    return true;
  };
  pending_queue::can_start fits = [](const std::string &, std::int32_t) {
    return true;
  };
};

TEST_F(PendingQueueTest, HigherPriorityFirstWithinATenant) {
  // Within one tenant jobs leave by priority, highest first.
  queue.push(entry("low", "a", 1));
  queue.push(entry("high", "a", 5));
  queue.push(entry("mid", "a", 3));
  queue.push(entry("negative", "a", -2));
  EXPECT_EQ(drain(),
            (std::vector<std::string>{"high", "mid", "low", "negative"}));
  EXPECT_EQ(queue.size(), 0u);
}

TEST_F(PendingQueueTest, FifoAmongEqualPriority) {
  // Jobs of equal priority leave in arrival order.
  for (const auto *id : {"j1", "j2", "j3", "j4"})
    queue.push(entry(id, "a", 2));
  queue.push(entry("urgent", "a", 3));
  EXPECT_EQ(drain(),
            (std::vector<std::string>{"urgent", "j1", "j2", "j3", "j4"}));
}

TEST_F(PendingQueueTest, TenantHoldingFewestWorkersGoesFirst) {
  // The tenant holding the fewest workers goes first, whatever its priority.
  queue.push(entry("a1", "a", 9));
  queue.push(entry("b1", "b", 0));
  held_by = {{"a", 3}, {"b", 1}};
  auto next = queue.pop_next(held, allowed, fits);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->job_id, "b1");
  EXPECT_EQ(next->tenant_id, "b");
}

TEST_F(PendingQueueTest, TieGoesToLeastRecentlyServedTenant) {
  // With equal holdings the least recently served tenant goes next.
  for (const auto *id : {"a1", "a2", "a3"})
    queue.push(entry(id, "a"));
  for (const auto *id : {"b1", "b2"})
    queue.push(entry(id, "b"));
  queue.push(entry("c1", "c"));
  EXPECT_EQ(drain(),
            (std::vector<std::string>{"a1", "b1", "c1", "a2", "b2", "a3"}));
}

TEST_F(PendingQueueTest, HeadThatIsNotAllowedBlocksItsTenantOnly) {
  // A head not allowed to run (quota) blocks its own tenant, not others.
  queue.push(entry("a-big", "a", 5, 4));
  queue.push(entry("a-small", "a", 0, 1));
  queue.push(entry("b-small", "b", 0, 1));
  allowed = [](const std::string &, std::int32_t workers) {
    return workers <= 2;
  };
  EXPECT_EQ(drain(), (std::vector<std::string>{"b-small"}));
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.size("a"), 2u);
  allowed = [](const std::string &, std::int32_t) { return true; };
  EXPECT_EQ(drain(), (std::vector<std::string>{"a-big", "a-small"}));
}

TEST_F(PendingQueueTest, FairestHeadWaitingForIdleWorkersBlocksEveryone) {
  // When the fairest tenant's head lacks idle workers, nothing starts, so
  // freed workers gather for it rather than go to another tenant.
  queue.push(entry("a-small", "a", 0, 1));
  queue.push(entry("b-gang", "b", 0, 3));
  held_by = {{"a", 2}, {"b", 0}};
  fits = [](const std::string &, std::int32_t workers) { return workers <= 1; };
  EXPECT_FALSE(queue.pop_next(held, allowed, fits));
  EXPECT_EQ(queue.size(), 2u);
  fits = [](const std::string &, std::int32_t) { return true; };
  EXPECT_EQ(queue.pop_next(held, allowed, fits)->job_id, "b-gang");
}

TEST_F(PendingQueueTest, NothingFitsGivesNothing) {
  // pop_next removes nothing when no tenant's head can start.
  EXPECT_FALSE(queue.pop_next(held, allowed, fits));
  queue.push(entry("j1", "a"));
  auto none = [](const std::string &, std::int32_t) { return false; };
  EXPECT_FALSE(queue.pop_next(held, none, fits));
  EXPECT_TRUE(queue.contains("j1"));
  EXPECT_EQ(queue.size(), 1u);
}

TEST_F(PendingQueueTest, PoppedEntryKeepsItsFields) {
  // The entry that leaves carries what was pushed.
  queue.push({"j1", "a", 7, 3, 4});
  auto next = queue.pop_next(held, allowed, fits);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->job_id, "j1");
  EXPECT_EQ(next->tenant_id, "a");
  EXPECT_EQ(next->priority, 7);
  EXPECT_EQ(next->required_workers, 3);
  EXPECT_EQ(next->attempt, 4);
  EXPECT_FALSE(queue.contains("j1"));
}

TEST_F(PendingQueueTest, RemoveTakesOneJobOut) {
  // A removed job never leaves through pop_next; unknown ids are refused.
  queue.push(entry("j1", "a"));
  queue.push(entry("j2", "a"));
  queue.push(entry("k1", "b"));
  EXPECT_TRUE(queue.remove("j1"));
  EXPECT_FALSE(queue.remove("j1"));
  EXPECT_FALSE(queue.remove("nope"));
  EXPECT_FALSE(queue.contains("j1"));
  EXPECT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.size("a"), 1u);
  EXPECT_TRUE(queue.remove("k1"));
  EXPECT_EQ(queue.size("b"), 0u);
  EXPECT_EQ(drain(), (std::vector<std::string>{"j2"}));
}

TEST_F(PendingQueueTest, PositionCountsJobsAheadInTheSameTenant) {
  // position() counts the same tenant's jobs ahead, by priority then arrival.
  queue.push(entry("j1", "a"));
  queue.push(entry("j2", "a"));
  queue.push(entry("k1", "b"));
  queue.push(entry("j3", "a", 1));
  EXPECT_EQ(queue.position("j3"), 0u);
  EXPECT_EQ(queue.position("j1"), 1u);
  EXPECT_EQ(queue.position("j2"), 2u);
  EXPECT_EQ(queue.position("k1"), 0u);
  EXPECT_EQ(queue.position("unknown"), 0u);
  queue.remove("j1");
  EXPECT_EQ(queue.position("j2"), 1u);
}

} // namespace
} // namespace orch
