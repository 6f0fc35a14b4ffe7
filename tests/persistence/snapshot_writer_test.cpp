#include "persistence/snapshot_writer_actor.hpp"

#include "actors/errors.hpp"
#include "actors/type_ids.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

using namespace orch;
using namespace orch::persistence;
using namespace std::chrono_literals;

namespace {

// Records every batch; can hold a commit at a gate or make it fail.
class gated_committer final : public batch_committer {
public:
  std::vector<std::string> commit(const snapshot_batch &batch) override {
    std::unique_lock<std::mutex> lock(mutex_);
    started_.push_back(batch);
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    if (failures_left_ > 0) {
      --failures_left_;
      throw std::runtime_error("disk on fire");
    }
    committed_.push_back(batch);
    changed_.notify_all();
    std::vector<std::string> refused;
    for (const auto &job : batch.jobs)
      if (job.job_id.rfind("bad", 0) == 0)
        refused.push_back(job.job_id);
    return refused;
  }
  void close() { set_open(false); }
  void open() { set_open(true); }
  void fail_next(int count) {
    std::lock_guard<std::mutex> guard(mutex_);
    failures_left_ = count;
  }
  // Waits until `count` commits started (or were committed) and returns them.
  std::vector<snapshot_batch> wait_started(size_t count) {
    return wait_for(started_, count);
  }
  std::vector<snapshot_batch> wait_committed(size_t count) {
    return wait_for(committed_, count);
  }

private:
  void set_open(bool value) {
    std::lock_guard<std::mutex> guard(mutex_);
    open_ = value;
    changed_.notify_all();
  }
  std::vector<snapshot_batch> wait_for(std::vector<snapshot_batch> &list,
                                       size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, 20s, [&] { return list.size() >= count; });
    return list;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  int failures_left_ = 0;
  std::vector<snapshot_batch> started_;
  std::vector<snapshot_batch> committed_;
};

job_info job(const std::string &id, job_state status) {
  job_info info;
  info.job_id = id;
  info.status = status;
  return info;
}

struct WriterTest : ::testing::Test {
  WriterTest() : system(configure(config)) {}
  static caf::actor_system_config &configure(caf::actor_system_config &cfg) {
    register_runtime_types(cfg);
    return cfg;
  }
  caf::actor_system_config config;
  caf::actor_system system;
  std::shared_ptr<gated_committer> sink = std::make_shared<gated_committer>();
  snapshot_writer writer = spawn_snapshot_writer(system, sink, {30000ms, 10ms});
  caf::scoped_actor self{system};
};

} // namespace

// A durable snapshot is answered only after the transaction holding it
// committed.
TEST_F(WriterTest, DurableSnapshotIsAnsweredAfterCommit) {
  sink->close();
  self->request(writer, caf::infinite, snapshot_atom::value,
                job("j1", job_state::pending));
  sink->wait_started(1);
  bool answered_early = false;
  self->receive([&](caf::ok_atom) { answered_early = true; },
                caf::after(std::chrono::milliseconds(0)) >> [] {});
  EXPECT_FALSE(answered_early);
  sink->open();
  bool answered = false;
  self->receive([&](caf::ok_atom) { answered = true; }, [&](caf::error &) {});
  EXPECT_TRUE(answered);
  EXPECT_EQ(sink->wait_committed(1).front().jobs.front().job_id, "j1");
}

// Snapshots sent while a commit is in flight go out together in the next
// transaction, the latest snapshot of each job only.
TEST_F(WriterTest, GroupCommitCoalescesWhileACommitIsInFlight) {
  sink->close();
  self->send(writer, caf::put_atom::value, job("first", job_state::pending));
  sink->wait_started(1);
  for (int i = 0; i < 100; ++i)
    self->send(writer, caf::put_atom::value,
               job("j" + std::to_string(i), job_state::running));
  for (int i = 0; i < 100; ++i)
    self->send(writer, caf::put_atom::value,
               job("j" + std::to_string(i), job_state::completed));
  self->request(writer, caf::infinite, snapshot_atom::value,
                job("durable", job_state::pending));
  sink->open();
  self->receive([](caf::ok_atom) {}, [](caf::error &) {});
  auto batches = sink->wait_committed(2);
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].jobs.size(), 1u);
  EXPECT_EQ(batches[1].jobs.size(), 101u);
  for (const auto &j : batches[1].jobs) {
    if (j.job_id != "durable") {
      EXPECT_EQ(j.status, job_state::completed) << j.job_id;
    }
  }
}

// A failed commit answers the durable requester with `unavailable` and keeps
// fire-and-forget snapshots for a later transaction.
TEST_F(WriterTest, FailedCommitIsReportedAndBackgroundSnapshotsRetried) {
  sink->fail_next(1);
  worker_info w;
  w.worker_id = "w-1";
  self->send(writer, caf::put_atom::value, w);
  self->request(writer, caf::infinite, snapshot_atom::value,
                job("durable", job_state::pending));
  caf::error failure;
  self->receive([](caf::ok_atom) {}, [&](caf::error &e) { failure = e; });
  auto committed = sink->wait_committed(1);
  ASSERT_EQ(committed.size(), 1u);
  EXPECT_TRUE(is_orch_error(failure, orch_errc::unavailable));
  ASSERT_EQ(committed.front().workers.size(), 1u);
  EXPECT_EQ(committed.front().workers.front().worker_id, "w-1");
  for (const auto &j : committed.front().jobs)
    EXPECT_NE(j.job_id, "durable");
}

// A job the database refuses alone fails its durable requester with
// invalid_argument while the rest of its batch is acknowledged.
TEST_F(WriterTest, RefusedJobFailsOnlyItsOwnRequester) {
  sink->close();
  self->send(writer, caf::put_atom::value, job("first", job_state::pending));
  sink->wait_started(1);
  self->request(writer, caf::infinite, snapshot_atom::value,
                job("bad-1", job_state::pending));
  self->request(writer, caf::infinite, snapshot_atom::value,
                job("good-1", job_state::pending));
  sink->open();
  int ok = 0;
  caf::error refusal;
  for (int i = 0; i < 2; ++i)
    self->receive([&](caf::ok_atom) { ++ok; },
                  [&](caf::error &e) { refusal = e; });
  EXPECT_EQ(ok, 1);
  EXPECT_TRUE(is_orch_error(refusal, orch_errc::invalid_argument));
}
