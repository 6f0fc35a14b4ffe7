#include "actors/worker_pool.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace orch {
namespace {

using ws = worker_state;

// A worker's report; by default it has seen its first hold's assignment.
worker_info report(std::string id, worker_state status, std::string job = {},
                   std::uint64_t lease = 1) {
  worker_info info;
  info.worker_id = std::move(id);
  info.status = status;
  info.current_job_id = std::move(job);
  info.lease = lease;
  return info;
}

class WorkerPoolTest : public ::testing::Test {
protected:
  void SetUp() override {
    for (const auto *id : {"w-1", "w-2", "w-3"})
      pool.add(report(id, ws::idle));
  }

  worker_hold hold_of(const std::string &id) { return pool.find(id)->hold; }

  worker_pool pool;
};

TEST_F(WorkerPoolTest, AddedIdleWorkersAreAvailable) {
  // Idle workers nobody holds are available; find knows only added ids.
  EXPECT_EQ(pool.size(), 3u);
  EXPECT_EQ(pool.available(), 3u);
  EXPECT_NE(pool.find("w-2"), nullptr);
  EXPECT_EQ(pool.find("w-9"), nullptr);
  pool.add(report("w-4", ws::paused));
  EXPECT_EQ(pool.size(), 4u);
  EXPECT_EQ(pool.available(), 3u);
}

TEST_F(WorkerPoolTest, HoldForJobIsAllOrNothing) {
  // A job gets all the workers it asks for or none of them.
  EXPECT_TRUE(pool.hold_for_job(4, "t", "job-1", 1).empty());
  EXPECT_EQ(pool.available(), 3u);
  EXPECT_TRUE(pool.hold_for_job(0, "t", "job-1", 1).empty());
  auto ids = pool.hold_for_job(2, "t", "job-1", 3);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(pool.available(), 1u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto hold = hold_of(ids[i]);
    EXPECT_EQ(hold.job_id, "job-1");
    EXPECT_EQ(hold.attempt, 3);
    EXPECT_EQ(hold.part_index, static_cast<std::int32_t>(i));
    EXPECT_TRUE(hold.allocation_id.empty());
  }
  EXPECT_TRUE(pool.hold_for_job(2, "t", "job-2", 1).empty());
  EXPECT_EQ(pool.available(), 1u);
}

TEST_F(WorkerPoolTest, PartEndingReturnsTheHoldAndFreesTheWorker) {
  // The idle report after a part ends returns the job's hold, frees the worker.
  auto ids = pool.hold_for_job(1, "t", "job-1", 2);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_FALSE(pool.update(report(ids[0], ws::busy, "job-1")));
  EXPECT_EQ(hold_of(ids[0]).job_id, "job-1");
  EXPECT_EQ(pool.available(), 2u);
  auto ended = pool.update(report(ids[0], ws::idle));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->job_id, "job-1");
  EXPECT_EQ(ended->attempt, 2);
  EXPECT_TRUE(hold_of(ids[0]).empty());
  EXPECT_EQ(pool.available(), 3u);
  EXPECT_FALSE(pool.update(report(ids[0], ws::idle)));
}

TEST_F(WorkerPoolTest, DrainingKeepsTheHoldAndPausedEndsIt) {
  // Draining keeps the job's hold; paused ends it without freeing the worker.
  auto ids = pool.hold_for_job(1, "t", "job-1", 1);
  pool.update(report(ids[0], ws::busy, "job-1"));
  EXPECT_FALSE(pool.update(report(ids[0], ws::draining, "job-1")));
  auto ended = pool.update(report(ids[0], ws::paused));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->job_id, "job-1");
  EXPECT_EQ(pool.available(), 2u);
  EXPECT_FALSE(pool.update(report(ids[0], ws::idle)));
  EXPECT_EQ(pool.available(), 3u);
}

TEST_F(WorkerPoolTest, FailedOrTerminatedWorkerEndsItsHold) {
  // A failed or terminated worker ends its hold and is never available.
  auto ids = pool.hold_for_job(2, "t", "job-1", 1);
  pool.update(report(ids[0], ws::busy, "job-1"));
  pool.update(report(ids[1], ws::busy, "job-1"));
  auto failed = pool.update(report(ids[0], ws::failed, "job-1"));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->part_index, 0);
  auto terminated = pool.update(report(ids[1], ws::terminated, "job-1"));
  ASSERT_TRUE(terminated);
  EXPECT_EQ(terminated->part_index, 1);
  EXPECT_EQ(pool.available(), 1u);
  auto counts = pool.count_by_state();
  EXPECT_EQ(counts["failed"], 1);
  EXPECT_EQ(counts["terminated"], 1);
  EXPECT_EQ(counts["idle"], 1);
}

TEST_F(WorkerPoolTest, ReportOlderThanTheHoldKeepsIt) {
  // A report echoing an older lease (sent before the worker saw the hold's
  // assignment) updates the state but ends no hold; one echoing it does.
  auto first = pool.hold_for_job(1, "t", "job-1", 1);
  ASSERT_EQ(pool.update(report(first[0], ws::idle, {}, 1))->job_id, "job-1");
  auto second = pool.hold_for_job(1, "t", "job-2", 1);
  ASSERT_EQ(second, first);
  EXPECT_EQ(hold_of(second[0]).lease, 2u);
  EXPECT_FALSE(pool.update(report(second[0], ws::paused, {}, 1)));
  EXPECT_EQ(pool.find(second[0])->info.status, ws::paused);
  EXPECT_FALSE(pool.update(report(second[0], ws::idle, {}, 1)));
  EXPECT_EQ(hold_of(second[0]).job_id, "job-2");
  EXPECT_EQ(pool.available(), 2u);
  auto ended = pool.update(report(second[0], ws::idle, {}, 2));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->job_id, "job-2");
  EXPECT_EQ(pool.available(), 3u);
}

TEST_F(WorkerPoolTest, FailedWorkerEndsAHoldWhateverTheLease) {
  // A failed worker will never run its part: the hold ends even though the
  // report predates the hold's assignment.
  auto ids = pool.hold_for_job(1, "t", "job-1", 1);
  auto ended = pool.update(report(ids[0], ws::failed, {}, 0));
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->job_id, "job-1");
}

TEST_F(WorkerPoolTest, UnknownWorkerReportChangesNothing) {
  // A report for a worker the pool does not know is ignored.
  EXPECT_FALSE(pool.update(report("w-9", ws::idle)));
  EXPECT_EQ(pool.size(), 3u);
  EXPECT_EQ(pool.available(), 3u);
}

TEST_F(WorkerPoolTest, AllocationsHoldUntilReleased) {
  // Allocated workers stay held through reports until they are released.
  auto ids = pool.hold_for_allocation(2, "t", "alloc-1");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(pool.available(), 1u);
  EXPECT_EQ(pool.find(ids[0])->info.allocation_id, "alloc-1");
  EXPECT_FALSE(pool.update(report(ids[0], ws::idle)));
  EXPECT_EQ(pool.find(ids[0])->info.allocation_id, "alloc-1");
  EXPECT_EQ(pool.available(), 1u);
  EXPECT_TRUE(pool.hold_for_allocation(2, "t", "alloc-2").empty());
  EXPECT_TRUE(pool.hold_for_job(2, "t", "job-1", 1).empty());
  pool.release_allocation(ids);
  EXPECT_EQ(pool.available(), 3u);
  EXPECT_TRUE(pool.find(ids[0])->info.allocation_id.empty());
  EXPECT_TRUE(hold_of(ids[1]).empty());
}

TEST_F(WorkerPoolTest, ListAndCountsCoverEveryWorkerAndState) {
  // list() shows every worker and count_by_state() names every state.
  pool.update(report("w-2", ws::paused));
  auto list = pool.list();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[1].worker_id, "w-2");
  EXPECT_EQ(list[1].status, ws::paused);
  auto counts = pool.count_by_state();
  EXPECT_EQ(counts.size(), all_worker_states().size());
  EXPECT_EQ(counts["idle"], 2);
  EXPECT_EQ(counts["paused"], 1);
  EXPECT_EQ(counts["busy"], 0);
}

} // namespace
} // namespace orch
