#include "persistence/snapshot_writer_actor.hpp"

#include "actors/errors.hpp"
#include "actors/type_ids.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>

using namespace orch;
using namespace orch::persistence;
using namespace std::chrono_literals;

namespace {

// Records every batch; can hold a commit at a gate or make it fail.
class gated_committer final : public batch_committer {
public:
  std::vector<refused_snapshot> commit(const snapshot_batch &batch) override {
    std::unique_lock<std::mutex> lock(mutex_);
    started_.push_back(batch);
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    for (const auto &job : batch.jobs)
      if (job.job_id == fail_once_with_) {
        fail_once_with_.clear();
        throw std::runtime_error("disk on fire");
      }
    committed_.push_back(batch);
    changed_.notify_all();
    std::vector<refused_snapshot> refused;
    for (const auto &job : batch.jobs)
      if (job.job_id.rfind("bad", 0) == 0)
        refused.push_back({job.job_id, false});
    for (const auto &created : batch.registrations)
      if (created.value.user.email.rfind("dup", 0) == 0)
        refused.push_back({created.key, true});
    return refused;
  }
  void close() { set_open(false); }
  void open() { set_open(true); }
  // The first batch holding this job fails as a whole.
  void fail_batch_with(std::string job_id) {
    std::lock_guard<std::mutex> guard(mutex_);
    fail_once_with_ = std::move(job_id);
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
  std::string fail_once_with_;
  std::vector<snapshot_batch> started_;
  std::vector<snapshot_batch> committed_;
};

job_info job(const std::string &id, job_state status) {
  job_info info;
  info.job_id = id;
  info.status = status;
  return info;
}

// The answer to one durable request: "ok", or the orch error code's name
// (decoded inside the actor: caf::error is not handed across threads).
using durable_answer = std::future<std::string>;

std::string code_of(const caf::error &e) {
  for (auto code : {orch_errc::unavailable, orch_errc::invalid_argument,
                    orch_errc::already_exists})
    if (is_orch_error(e, code))
      return to_string(code);
  return "other error";
}

struct WriterTest : ::testing::Test {
  // Sends a durable snapshot from a helper actor; the future holds the answer.
  template <class Snapshot> durable_answer durable(Snapshot snapshot) {
    auto answer = std::make_shared<std::promise<std::string>>();
    auto result = answer->get_future();
    auto target = writer;
    system.spawn([=](caf::event_based_actor *helper) {
      helper->request(target, caf::infinite, snapshot_atom::value, snapshot)
          .then([=](caf::ok_atom) { answer->set_value("ok"); },
                [=](caf::error &e) { answer->set_value(code_of(e)); });
    });
    return result;
  }

  // Asks the writer to drain from a helper actor; the future is set on the
  // answer.
  std::future<void> drain() {
    auto done = std::make_shared<std::promise<void>>();
    auto result = done->get_future();
    auto target = writer;
    system.spawn([=](caf::event_based_actor *helper) {
      helper->request(target, caf::infinite, drain_atom::value)
          .then([=](caf::ok_atom) { done->set_value(); });
    });
    return result;
  }

  WriterTest() : system(configure(config)) {}
  // The writer and its committer are linked and keep each other alive, so
  // the writer is stopped explicitly, as the server does at shutdown.
  ~WriterTest() override {
    sink->open();
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
  }
  // Replaces the writer with one made with `options` (the first is idle).
  void restart_writer(snapshot_writer_options options) {
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    writer = spawn_snapshot_writer(system, sink, options);
  }

  static snapshot_writer_options batching(std::size_t max_batch,
                                          std::chrono::milliseconds delay) {
    snapshot_writer_options options{30000ms, 10ms};
    options.max_batch = max_batch;
    options.max_delay = delay;
    return options;
  }

  static caf::actor_system_config &configure(caf::actor_system_config &cfg) {
    register_runtime_types(cfg);
    return cfg;
  }
  caf::actor_system_config config;
  caf::actor_system system;
  std::shared_ptr<gated_committer> sink = std::make_shared<gated_committer>();
  owned_snapshot_writer writer =
      spawn_snapshot_writer(system, sink, {30000ms, 10ms});
  caf::scoped_actor self{system};
};

// A durable snapshot is answered only after the transaction holding it
// committed.
TEST_F(WriterTest, DurableSnapshotIsAnsweredAfterCommit) {
  sink->close();
  auto answer = durable(job("j1", job_state::pending));
  sink->wait_started(1);
  EXPECT_EQ(answer.wait_for(0s), std::future_status::timeout);
  sink->open();
  ASSERT_EQ(answer.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(answer.get(), "ok");
  EXPECT_EQ(sink->wait_committed(1).front().jobs.front().job_id, "j1");
}

// Snapshots sent while two batches are in flight (one committing, the next
// waiting at the committer) go out together in the next transaction, the
// latest snapshot of each job only.
TEST_F(WriterTest, GroupCommitCoalescesWhileTwoBatchesAreInFlight) {
  sink->close();
  self->send(writer, caf::put_atom::value, job("first", job_state::pending));
  sink->wait_started(1);
  self->send(writer, caf::put_atom::value, job("second", job_state::pending));
  for (int i = 0; i < 100; ++i)
    self->send(writer, caf::put_atom::value,
               job("j" + std::to_string(i), job_state::running));
  for (int i = 0; i < 100; ++i)
    self->send(writer, caf::put_atom::value,
               job("j" + std::to_string(i), job_state::completed));
  sink->open();
  auto batches = sink->wait_committed(3);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].jobs.size(), 1u);
  ASSERT_EQ(batches[1].jobs.size(), 1u);
  EXPECT_EQ(batches[1].jobs[0].job_id, "second");
  EXPECT_EQ(batches[2].jobs.size(), 100u);
  for (const auto &j : batches[2].jobs)
    EXPECT_EQ(j.status, job_state::completed) << j.job_id;
}

// A failed commit answers the durable requester with `unavailable` and keeps
// fire-and-forget snapshots for a later transaction.
TEST_F(WriterTest, FailedCommitIsReportedAndBackgroundSnapshotsRetried) {
  sink->fail_batch_with("durable");
  worker_info w;
  w.worker_id = "w-1";
  self->send(writer, caf::put_atom::value, w);
  self->send(writer, caf::put_atom::value,
             job("background", job_state::running));
  auto answer = durable(job("durable", job_state::pending));
  ASSERT_EQ(answer.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(answer.get(), "unavailable");
  // The failed batch's background snapshots are retried until committed.
  bool worker_stored = false, background_stored = false;
  for (size_t n = 1; n <= 3 && !(worker_stored && background_stored); ++n) {
    for (const auto &batch : sink->wait_committed(n)) {
      for (const auto &j : batch.jobs) {
        EXPECT_NE(j.job_id, "durable");
        background_stored |= j.job_id == "background";
      }
      worker_stored |= !batch.workers.empty();
    }
  }
  EXPECT_TRUE(worker_stored);
  EXPECT_TRUE(background_stored);
}

// A job the database refuses alone fails its durable requester with
// invalid_argument while the rest of its batch is acknowledged.
TEST_F(WriterTest, RefusedJobFailsOnlyItsOwnRequester) {
  sink->close();
  self->send(writer, caf::put_atom::value, job("first", job_state::pending));
  sink->wait_started(1);
  auto bad = durable(job("bad-1", job_state::pending));
  auto good = durable(job("good-1", job_state::pending));
  sink->open();
  ASSERT_EQ(bad.wait_for(20s), std::future_status::ready);
  ASSERT_EQ(good.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(bad.get(), "invalid_argument");
  EXPECT_EQ(good.get(), "ok");
}

// A drain is answered only after the batches in flight and every snapshot
// received before the drain are committed.
TEST_F(WriterTest, DrainWaitsForInFlightAndPendingSnapshots) {
  sink->close();
  self->send(writer, caf::put_atom::value, job("first", job_state::running));
  sink->wait_started(1);
  self->send(writer, caf::put_atom::value, job("second", job_state::running));
  self->send(writer, caf::put_atom::value, job("last", job_state::completed));
  auto drained = drain();
  EXPECT_EQ(drained.wait_for(0s), std::future_status::timeout);
  sink->open();
  ASSERT_EQ(drained.wait_for(20s), std::future_status::ready);
  auto batches = sink->wait_committed(3);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[2].jobs.front().job_id, "last");
}

// A drain of an idle writer is answered at once.
TEST_F(WriterTest, DrainOfAnIdleWriterIsAnsweredAtOnce) {
  auto drained = drain();
  ASSERT_EQ(drained.wait_for(20s), std::future_status::ready);
  EXPECT_TRUE(sink->wait_committed(0).empty());
}

// Registrations are durable too; one the database refuses as a duplicate is
// answered already_exists, the others in its batch ok.
TEST_F(WriterTest, ARefusedRegistrationIsAnsweredAlreadyExists) {
  sink->close();
  registration fine, taken;
  fine.user.email = "ada@example.com";
  taken.user.email = "dup@example.com";
  auto first = durable(fine);
  sink->wait_started(1);
  auto second = durable(taken);
  auto third = durable(job("j1", job_state::pending));
  sink->open();
  ASSERT_EQ(first.wait_for(20s), std::future_status::ready);
  ASSERT_EQ(second.wait_for(20s), std::future_status::ready);
  ASSERT_EQ(third.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(first.get(), "ok");
  EXPECT_EQ(second.get(), "already_exists");
  EXPECT_EQ(third.get(), "ok");
}

// With a max delay an idle writer holds a small batch for company: three
// snapshots sent one by one commit together once the batch is full (without
// the delay the first would go alone), and a drain does not wait the delay.
TEST_F(WriterTest, AMaxDelayGathersABatchUntilItIsFullOrDrained) {
  restart_writer(batching(3, 60s));
  for (const char *id : {"j1", "j2", "j3"})
    self->send(writer, caf::put_atom::value, job(id, job_state::pending));
  auto first = sink->wait_committed(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].jobs.size(), 3u);
  self->send(writer, caf::put_atom::value, job("j4", job_state::pending));
  auto drained = drain();
  ASSERT_EQ(drained.wait_for(20s), std::future_status::ready);
  auto batches = sink->wait_committed(2);
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_EQ(batches[1].jobs.size(), 1u);
  EXPECT_EQ(batches[1].jobs[0].job_id, "j4");
}

// No transaction holds more than max_batch snapshots: five gathered while
// two batches were in flight go out as 2, 2 and 1.
TEST_F(WriterTest, ABatchHoldsAtMostMaxBatchSnapshots) {
  restart_writer(batching(2, 0ms));
  sink->close();
  self->send(writer, caf::put_atom::value, job("first", job_state::pending));
  sink->wait_started(1);
  self->send(writer, caf::put_atom::value, job("second", job_state::pending));
  for (int i = 0; i < 5; ++i)
    self->send(writer, caf::put_atom::value,
               job("j" + std::to_string(i), job_state::running));
  auto drained = drain();
  sink->open();
  ASSERT_EQ(drained.wait_for(20s), std::future_status::ready);
  auto batches = sink->wait_committed(5);
  ASSERT_EQ(batches.size(), 5u);
  std::vector<std::size_t> sizes;
  for (const auto &batch : batches)
    sizes.push_back(batch.jobs.size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 1, 2, 2, 1}));
}

worker_info worker(worker_state status) {
  worker_info info;
  info.worker_id = "w-1";
  info.status = status;
  return info;
}

// A failed batch does not retry a snapshot over a newer one of the same
// worker in the batch sent after it: the worker's last stored state is the
// newer one, while the failed batch's job is retried and stored.
TEST_F(WriterTest, ARetryDoesNotOverwriteANewerSnapshotInFlight) {
  restart_writer(batching(2, 60s));
  sink->close();
  self->send(writer, caf::put_atom::value, worker(worker_state::idle));
  self->send(writer, caf::put_atom::value, job("doomed", job_state::running));
  sink->wait_started(1);
  self->send(writer, caf::put_atom::value, worker(worker_state::busy));
  self->send(writer, caf::put_atom::value, job("other", job_state::running));
  sink->fail_batch_with("doomed");
  sink->open();
  auto drained = drain();
  ASSERT_EQ(drained.wait_for(20s), std::future_status::ready);
  std::vector<worker_state> stored;
  bool doomed_stored = false;
  for (const auto &batch : sink->wait_committed(2)) {
    for (const auto &w : batch.workers)
      stored.push_back(w.status);
    for (const auto &j : batch.jobs)
      doomed_stored |= j.job_id == "doomed";
  }
  EXPECT_EQ(stored, std::vector<worker_state>{worker_state::busy});
  EXPECT_TRUE(doomed_stored);
}

// A durable requester whose snapshot waits for a later batch is answered
// after that batch, not with the first one.
TEST_F(WriterTest, ADurableSnapshotLeftForTheNextBatchIsAnsweredAfterIt) {
  restart_writer(batching(1, 0ms));
  sink->close();
  auto first = durable(job("d1", job_state::pending));
  sink->wait_started(1);
  auto second = durable(job("d2", job_state::pending));
  auto third = durable(job("d3", job_state::pending));
  EXPECT_EQ(second.wait_for(0s), std::future_status::timeout);
  sink->open();
  for (auto *answer : {&first, &second, &third}) {
    ASSERT_EQ(answer->wait_for(20s), std::future_status::ready);
    EXPECT_EQ(answer->get(), "ok");
  }
  auto batches = sink->wait_committed(3);
  ASSERT_EQ(batches.size(), 3u);
  for (const auto &batch : batches)
    EXPECT_EQ(batch.jobs.size(), 1u);
}

} // namespace
