#include "persistence/worker_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class WorkerRepository : public migrated_db_fixture {};

void expect_same(const worker_info &a, const worker_info &b) {
  EXPECT_EQ(a.worker_id, b.worker_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.node, b.node);
  EXPECT_EQ(a.current_job_id, b.current_job_id);
  EXPECT_EQ(a.allocation_id, b.allocation_id);
  EXPECT_EQ(a.jobs_completed, b.jobs_completed);
  EXPECT_EQ(a.last_heartbeat_ms, b.last_heartbeat_ms);
}

TEST_P(WorkerRepository, UpsertInsertsThenReplacesTheSnapshot) {
  // The latest snapshot of a worker wins, every field included.
  worker_info worker{"w1", worker_state::idle, "local", "", "", 0, 0};
  ASSERT_EQ(upsert_worker(sql(), worker), db_status::ok);
  expect_same(*find_worker(sql(), "w1"), worker);
  worker = {"w1",      worker_state::busy, "node-b:4242",      "job-7",
            "alloc-1", 4'000'000'000LL,    1'700'000'000'000LL};
  ASSERT_EQ(upsert_worker(sql(), worker), db_status::ok);
  expect_same(*find_worker(sql(), "w1"), worker);
  EXPECT_EQ(count_rows("workers"), 1);
  EXPECT_FALSE(find_worker(sql(), "w-unknown"));
}

TEST_P(WorkerRepository, ListsEveryWorkerById) {
  // list_workers returns all workers in id order.
  for (const char *id : {"w3", "w1", "w2"})
    ASSERT_EQ(
        upsert_worker(sql(), {id, worker_state::paused, "local", "", "", 1, 5}),
        db_status::ok);
  auto workers = list_workers(sql());
  ASSERT_EQ(workers.size(), 3u);
  EXPECT_EQ(workers[0].worker_id, "w1");
  EXPECT_EQ(workers[1].worker_id, "w2");
  EXPECT_EQ(workers[2].worker_id, "w3");
  EXPECT_EQ(workers[2].status, worker_state::paused);
}

TEST_P(WorkerRepository, NegativeCounterIsRejected) {
  // jobs_completed cannot go below zero.
  EXPECT_EQ(
      upsert_worker(sql(), {"w1", worker_state::idle, "local", "", "", -1, 0}),
      db_status::invalid);
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkerRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
