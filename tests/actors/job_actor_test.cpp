#include "actor_test_fixture.hpp"

#include <string>

namespace orch {
namespace {

using namespace std::chrono_literals;
using test::fail_task;
using test::noop_task;
using test::sleep_task;
using js = job_state;

constexpr std::size_t fake_workers = 3;

class JobActorTest : public test::actor_test {
protected:
  void SetUp() override {
    listener_ = spawn_job_recorder(log);
    for (std::size_t i = 0; i < fake_workers; ++i) {
      auto id = "w-" + std::to_string(i + 1);
      worker_logs.push_back(std::make_shared<test::fake_worker_log>());
      worker_ids_.push_back(id);
      workers_.push_back(spawn_fake_worker(id, worker_logs.back()));
    }
  }

  void spawn(job_spec spec) {
    job_info initial;
    initial.job_id = "job-1";
    initial.spec = std::move(spec);
    initial.created_at_ms = now_ms();
    job = spawn_job(system(), initial, listener_, settings());
    keep(job);
    run();
  }

  // Starts `attempt` on the first `count` fake workers, as the supervisor
  // would after holding them.
  void start(std::int32_t attempt, std::size_t count) {
    std::vector<worker_actor> handles(workers_.begin(),
                                      workers_.begin() + count);
    std::vector<std::string> ids(worker_ids_.begin(),
                                 worker_ids_.begin() + count);
    std::vector<std::uint64_t> leases;
    for (std::size_t i = 0; i < count; ++i)
      leases.push_back(10 + i);
    caf::anon_send(job, start_atom::value, attempt, std::move(handles),
                   std::move(ids), std::move(leases));
    run();
  }

  void report(std::int32_t attempt, std::int32_t index, part_outcome outcome,
              bool retryable = true) {
    part_report r;
    r.job_id = "job-1";
    r.attempt = attempt;
    r.part_index = index;
    r.worker_id = worker_ids_.at(static_cast<std::size_t>(index));
    r.outcome = outcome;
    r.retryable = retryable;
    r.error = outcome == part_outcome::succeeded ? "" : "boom";
    caf::anon_send(job, part_done_atom::value, std::move(r));
    run();
  }

  job_info info() {
    auto answer = ask<job_info>(job, caf::get_atom::value);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? *answer : job_info{};
  }

  std::vector<std::pair<js, js>> transitions() const {
    std::vector<std::pair<js, js>> result;
    for (const auto &t : log->transitions)
      result.emplace_back(t.from, t.to);
    return result;
  }

  // The backoff the job chose, read from its waiting reason.
  static std::int64_t backoff_of(const job_info &i) {
    const std::string prefix = "retry backoff: ";
    EXPECT_EQ(i.waiting_reason.rfind(prefix, 0), 0u) << i.waiting_reason;
    return std::stoll(i.waiting_reason.substr(prefix.size()));
  }

  std::shared_ptr<test::job_log> log = std::make_shared<test::job_log>();
  std::vector<std::shared_ptr<test::fake_worker_log>> worker_logs;
  job_actor job;

private:
  job_listener listener_;
  std::vector<worker_actor> workers_;
  std::vector<std::string> worker_ids_;
};

job_spec spec_of(task_spec task, std::int32_t workers = 1) {
  return test::spec_of("tenant-a", std::move(task), workers);
}

TEST_F(JobActorTest, StartHandsEachWorkerItsPart) {
  // Start moves the job to running and gives worker i part i of N, under
  // the lease of the worker's hold; the supervisor, which ordered the start,
  // is not told of it.
  auto spec = spec_of(sleep_task(5), 2);
  spec.timeout_ms = 1000;
  spawn(spec);
  start(1, 2);
  for (std::int32_t i = 0; i < 2; ++i) {
    const auto &assigns = worker_logs[i]->assigns;
    ASSERT_EQ(assigns.size(), 1u);
    EXPECT_EQ(assigns[0].job_id, "job-1");
    EXPECT_EQ(assigns[0].attempt, 1);
    EXPECT_EQ(assigns[0].part_index, i);
    EXPECT_EQ(assigns[0].part_count, 2);
    EXPECT_EQ(assigns[0].timeout_ms, 1000);
    EXPECT_EQ(assigns[0].task.kind, task_kind::sleep);
    EXPECT_EQ(assigns[0].lease, 10u + static_cast<std::uint64_t>(i));
  }
  EXPECT_TRUE(worker_logs[2]->assigns.empty());
  auto i = info();
  EXPECT_EQ(i.status, js::running);
  EXPECT_EQ(i.worker_ids, (std::vector<std::string>{"w-1", "w-2"}));
  EXPECT_EQ(i.started_at_ms, now_ms());
  EXPECT_TRUE(log->transitions.empty());
}

TEST_F(JobActorTest, CompletesWhenEveryPartSucceeded) {
  // The job completes only after the last of its parts succeeded.
  spawn(spec_of(noop_task(), 3));
  start(1, 3);
  report(1, 0, part_outcome::succeeded);
  report(1, 2, part_outcome::succeeded);
  EXPECT_EQ(info().status, js::running);
  advance(25ms);
  report(1, 1, part_outcome::succeeded);
  auto i = info();
  EXPECT_EQ(i.status, js::completed);
  EXPECT_EQ(i.finished_at_ms, test::epoch_ms + 25);
  EXPECT_TRUE(i.waiting_reason.empty());
  ASSERT_EQ(i.events.size(), 2u);
  EXPECT_EQ(i.events[1].from, js::running);
  EXPECT_EQ(i.events[1].to, js::completed);
  EXPECT_EQ(i.events[1].reason, "every part succeeded");
  EXPECT_EQ(transitions(),
            (std::vector<std::pair<js, js>>{{js::running, js::completed}}));
  EXPECT_EQ(log->transitions[0].job_id, "job-1");
  EXPECT_EQ(log->transitions[0].tenant_id, "tenant-a");
  for (const auto &w : worker_logs)
    EXPECT_TRUE(w->cancels.empty());
}

TEST_F(JobActorTest, DuplicateReportForAPartIsCountedOnce) {
  // A part that reports twice does not stand in for another part.
  spawn(spec_of(noop_task(), 2));
  start(1, 2);
  report(1, 0, part_outcome::succeeded);
  report(1, 0, part_outcome::succeeded);
  EXPECT_EQ(info().status, js::running);
  report(1, 0, part_outcome::failed);
  EXPECT_EQ(info().status, js::running);
  report(1, 1, part_outcome::succeeded);
  EXPECT_EQ(info().status, js::completed);
}

TEST_F(JobActorTest, StaleCompletionFromOlderAttemptIsIgnored) {
  // After a retry, reports carrying the previous attempt change nothing.
  spawn(spec_of(noop_task()));
  start(1, 1);
  report(1, 0, part_outcome::failed);
  advance(std::chrono::milliseconds(backoff_of(info())));
  ASSERT_EQ(log->requeues.size(), 1u);
  start(2, 1);
  report(1, 0, part_outcome::succeeded);
  auto i = info();
  EXPECT_EQ(i.status, js::running);
  EXPECT_EQ(i.attempt, 2);
  report(2, 0, part_outcome::succeeded);
  EXPECT_EQ(info().status, js::completed);
}

TEST_F(JobActorTest, RetriesWithBackoffThenFailsAfterMaxAttempts) {
  // Retryable failures retry after the backoff timer; max_attempts fails.
  auto spec = spec_of(fail_task("boom", true));
  spec.max_attempts = 3;
  spawn(spec);
  for (std::int32_t attempt = 1; attempt <= 2; ++attempt) {
    start(attempt, 1);
    report(attempt, 0, part_outcome::failed);
    auto i = info();
    EXPECT_EQ(i.status, js::pending);
    EXPECT_EQ(i.attempt, attempt + 1);
    auto delay = backoff_of(i);
    auto full = std::int64_t{200} << (attempt - 1);
    EXPECT_GE(delay, full / 2);
    EXPECT_LE(delay, full);
    advance(std::chrono::milliseconds(delay - 1));
    EXPECT_EQ(log->requeues.size(), static_cast<std::size_t>(attempt - 1));
    advance(1ms);
    ASSERT_EQ(log->requeues.size(), static_cast<std::size_t>(attempt));
    EXPECT_EQ(log->requeues.back(), "job-1");
    EXPECT_TRUE(info().waiting_reason.empty());
  }
  start(3, 1);
  report(3, 0, part_outcome::failed);
  auto i = info();
  EXPECT_EQ(i.status, js::failed);
  EXPECT_EQ(i.attempt, 3);
  EXPECT_EQ(i.error, "part 0 on w-1: boom");
  ASSERT_EQ(i.events.size(), 6u);
  const js expected[6][2] = {
      {js::pending, js::running}, {js::running, js::pending},
      {js::pending, js::running}, {js::running, js::pending},
      {js::pending, js::running}, {js::running, js::failed}};
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_EQ(i.events[k].from, expected[k][0]) << k;
    EXPECT_EQ(i.events[k].to, expected[k][1]) << k;
  }
  EXPECT_EQ(i.events[1].reason, "retry: part 0 on w-1: boom");
  EXPECT_EQ(i.events[5].reason, "part 0 on w-1: boom");
  EXPECT_LT(i.events[1].at_ms, i.events[2].at_ms);
  advance(1min);
  EXPECT_EQ(log->requeues.size(), 2u);
}

TEST_F(JobActorTest, NonRetryableFailureFailsAtOnceAndStopsOtherParts) {
  // A non-retryable failure fails the job at once and cancels running parts.
  spawn(spec_of(fail_task("fatal", false), 3));
  start(1, 3);
  report(1, 1, part_outcome::succeeded);
  report(1, 0, part_outcome::failed, false);
  auto i = info();
  EXPECT_EQ(i.status, js::failed);
  EXPECT_EQ(i.attempt, 1);
  EXPECT_TRUE(worker_logs[0]->cancels.empty());
  EXPECT_TRUE(worker_logs[1]->cancels.empty());
  ASSERT_EQ(worker_logs[2]->cancels.size(), 1u);
  EXPECT_EQ(worker_logs[2]->cancels[0],
            (std::pair<std::string, std::int32_t>{"job-1", 1}));
  advance(1min);
  EXPECT_TRUE(log->requeues.empty());
  EXPECT_EQ(info().status, js::failed);
}

TEST_F(JobActorTest, LostPartIsRetriedEvenIfTheTaskIsNotRetryable) {
  // A part lost with its worker is not the task's failure: it is retried.
  spawn(spec_of(fail_task("fatal", false)));
  start(1, 1);
  report(1, 0, part_outcome::lost, false);
  auto i = info();
  EXPECT_EQ(i.status, js::pending);
  EXPECT_EQ(i.attempt, 2);
}

TEST_F(JobActorTest, CancelOfPendingJob) {
  // A pending job cancels at once and no worker hears of it.
  spawn(spec_of(noop_task()));
  auto cancelled = ask<job_info>(job, cancel_atom::value);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, js::cancelled);
  EXPECT_EQ(cancelled->events.back().reason, "cancelled on request");
  EXPECT_EQ(transitions(),
            (std::vector<std::pair<js, js>>{{js::pending, js::cancelled}}));
  for (const auto &w : worker_logs) {
    EXPECT_TRUE(w->assigns.empty());
    EXPECT_TRUE(w->cancels.empty());
  }
}

TEST_F(JobActorTest, StartAfterCancelHandsTheWorkersBack) {
  // A start arriving after cancel assigns and cancels at once, freeing workers.
  spawn(spec_of(sleep_task(100), 2));
  ASSERT_TRUE(ask<job_info>(job, cancel_atom::value).ok());
  start(1, 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto &w = *worker_logs[k];
    ASSERT_EQ(w.order, (std::vector<caf::atom_value>{assign_atom::value,
                                                     cancel_atom::value}));
    EXPECT_EQ(w.cancels[0].first, w.assigns[0].job_id);
    EXPECT_EQ(w.cancels[0].second, w.assigns[0].attempt);
  }
  EXPECT_EQ(info().status, js::cancelled);
}

TEST_F(JobActorTest, CancelOfRunningJobStopsItsParts) {
  // Cancel of a running job cancels the parts that have not reported.
  spawn(spec_of(sleep_task(100), 3));
  start(1, 3);
  report(1, 1, part_outcome::succeeded);
  auto cancelled = ask<job_info>(job, cancel_atom::value);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, js::cancelled);
  using cancel = std::pair<std::string, std::int32_t>;
  EXPECT_EQ(worker_logs[0]->cancels, (std::vector<cancel>{{"job-1", 1}}));
  EXPECT_TRUE(worker_logs[1]->cancels.empty());
  EXPECT_EQ(worker_logs[2]->cancels, (std::vector<cancel>{{"job-1", 1}}));
  report(1, 0, part_outcome::cancelled);
  report(1, 2, part_outcome::succeeded);
  EXPECT_EQ(info().status, js::cancelled);
  EXPECT_TRUE(log->requeues.empty());
}

TEST_F(JobActorTest, TimeoutEndsTheJobAndCancelsItsParts) {
  // Past timeout_ms the job is timed_out, its parts cancelled, no retry.
  auto spec = spec_of(sleep_task(10000), 2);
  spec.timeout_ms = 500;
  spawn(spec);
  start(1, 2);
  advance(499ms);
  EXPECT_EQ(info().status, js::running);
  advance(1ms);
  auto i = info();
  EXPECT_EQ(i.status, js::timed_out);
  EXPECT_EQ(i.error, "timed out after 500 ms");
  EXPECT_EQ(i.events.back().reason, "timed out after 500 ms");
  for (std::size_t k = 0; k < 2; ++k)
    EXPECT_EQ(worker_logs[k]->cancels.size(), 1u) << k;
  report(1, 0, part_outcome::cancelled);
  advance(1min);
  EXPECT_TRUE(log->requeues.empty());
  EXPECT_EQ(info().status, js::timed_out);
}

TEST_F(JobActorTest, TimeoutOfAnEarlierAttemptIsIgnored) {
  // The timeout is per attempt: an old attempt's timer cannot end a new one.
  auto spec = spec_of(sleep_task(10000));
  spec.timeout_ms = 500;
  spawn(spec);
  start(1, 1);
  advance(300ms);
  report(1, 0, part_outcome::lost);
  advance(std::chrono::milliseconds(backoff_of(info())));
  start(2, 1);
  advance(499ms);
  EXPECT_EQ(info().status, js::running);
  advance(1ms);
  EXPECT_EQ(info().status, js::timed_out);
}

TEST_F(JobActorTest, CancelOfTerminalJobIsInvalidTransition) {
  // A finished job refuses cancel and keeps its state and event log.
  spawn(spec_of(noop_task()));
  start(1, 1);
  report(1, 0, part_outcome::succeeded);
  auto cancelled = ask<job_info>(job, cancel_atom::value);
  EXPECT_TRUE(cancelled.is(orch_errc::invalid_transition));
  auto i = info();
  EXPECT_EQ(i.status, js::completed);
  EXPECT_EQ(i.events.size(), 2u);
  EXPECT_EQ(log->transitions.size(), 1u);
}

TEST_F(JobActorTest, AFinishedJobWaitsForItsSupervisorToEndIt) {
  // With retention a terminal job sets no timer of its own: it still answers
  // long after the retention period, until its supervisor ends it.
  mutable_settings().retention = 1000ms;
  spawn(spec_of(noop_task()));
  start(1, 1);
  report(1, 0, part_outcome::succeeded);
  advance(1h);
  EXPECT_EQ(info().status, js::completed);
  caf::anon_send_exit(job, caf::exit_reason::user_shutdown);
  run();
  auto gone = ask<job_info>(job, caf::get_atom::value);
  EXPECT_FALSE(gone.ok());
}

TEST_F(JobActorTest, WithoutRetentionAFinishedJobEndsAtOnce) {
  // Retention 0: the job actor ends as soon as it is terminal.
  mutable_settings().retention = 0ms;
  spawn(spec_of(noop_task()));
  start(1, 1);
  report(1, 0, part_outcome::succeeded);
  auto gone = ask<job_info>(job, caf::get_atom::value);
  EXPECT_FALSE(gone.ok());
}

} // namespace
} // namespace orch
