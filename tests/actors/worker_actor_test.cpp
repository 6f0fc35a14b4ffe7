#include "actor_test_fixture.hpp"

namespace orch {
namespace {

using test::fail_task;
using test::noop_task;
using test::part_of;
using test::sleep_task;
using ws = worker_state;
using namespace std::chrono_literals;

class WorkerActorTest : public test::actor_test {
protected:
  void SetUp() override {
    supervisor_ = spawn_worker_recorder(states);
    worker = spawn_worker(system(), {"w-1", "local"}, supervisor_, settings());
    keep(worker);
    job = spawn_part_recorder(parts);
    run();
  }

  void assign(job_part part) { assign_to(job, std::move(part)); }

  // Asks the worker to run the part; its answer (the part's report) is
  // forwarded to `listener`.
  void assign_to(part_listener listener, job_part part) {
    auto target = worker;
    system().spawn([=](caf::event_based_actor *self) {
      self->request(target, caf::infinite, assign_atom::value, part)
          .then([=](const part_report &report) {
            self->send(listener, part_done_atom::value, report);
          });
    });
    run();
  }

  worker_info info() {
    auto answer = ask<worker_info>(worker, caf::get_atom::value);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? *answer : worker_info{};
  }

  std::shared_ptr<test::worker_log> states =
      std::make_shared<test::worker_log>();
  std::shared_ptr<test::part_log> parts = std::make_shared<test::part_log>();
  worker_actor worker;
  part_listener job;

private:
  worker_listener supervisor_;
};

TEST_F(WorkerActorTest, NoopPartSucceedsAndOnlyTheIdleWorkerIsReported) {
  // A noop part is reported succeeded; it ends within its assignment, so
  // the worker reports only the idle state it is back in.
  assign(part_of("job-1", noop_task(), 2, 1, 3));
  ASSERT_EQ(parts->reports.size(), 1u);
  const auto &report = parts->reports[0];
  EXPECT_EQ(report.job_id, "job-1");
  EXPECT_EQ(report.attempt, 2);
  EXPECT_EQ(report.part_index, 1);
  EXPECT_EQ(report.worker_id, "w-1");
  EXPECT_EQ(report.outcome, part_outcome::succeeded);
  EXPECT_EQ(states->statuses(), (std::vector<ws>{ws::idle}));
  EXPECT_EQ(states->states[0].current_job_id, "");
  EXPECT_EQ(states->states[0].jobs_completed, 1);
  EXPECT_EQ(info().status, ws::idle);
}

TEST_F(WorkerActorTest, SleepPartEndsOnlyWhenItsTimerFires) {
  // A sleep part is a timer: nothing is reported before it is due.
  assign(part_of("job-1", sleep_task(100)));
  advance(99ms);
  EXPECT_TRUE(parts->reports.empty());
  EXPECT_EQ(info().status, ws::busy);
  advance(1ms);
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::succeeded);
  EXPECT_EQ(info().status, ws::idle);
}

TEST_F(WorkerActorTest, PauseWhileBusyDrainsThenPausesWhenThePartEnds) {
  // Pause while busy drains: draining now, paused only once the part ends.
  assign(part_of("job-1", sleep_task(100)));
  auto paused = ask<worker_info>(worker, pause_atom::value);
  ASSERT_TRUE(paused.ok());
  EXPECT_EQ(paused->status, ws::draining);
  EXPECT_EQ(paused->current_job_id, "job-1");
  EXPECT_TRUE(parts->reports.empty());
  advance(100ms);
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::succeeded);
  EXPECT_EQ(states->statuses(),
            (std::vector<ws>{ws::busy, ws::draining, ws::paused}));
  EXPECT_EQ(info().status, ws::paused);
}

TEST_F(WorkerActorTest, ResumeWhileDrainingReturnsToBusy) {
  // Resume before the part ended cancels the drain: busy, then idle.
  assign(part_of("job-1", sleep_task(100)));
  ASSERT_EQ(ask<worker_info>(worker, pause_atom::value)->status, ws::draining);
  auto resumed = ask<worker_info>(worker, resume_atom::value);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->status, ws::busy);
  advance(100ms);
  EXPECT_EQ(states->statuses(),
            (std::vector<ws>{ws::busy, ws::draining, ws::busy, ws::idle}));
  ASSERT_EQ(parts->reports.size(), 1u);
}

TEST_F(WorkerActorTest, PauseAndResumeFromWrongStatesAreRefused) {
  // Pause/resume from a wrong state is invalid_transition and changes nothing.
  auto resumed = ask<worker_info>(worker, resume_atom::value);
  EXPECT_TRUE(resumed.is(orch_errc::invalid_transition));
  EXPECT_EQ(info().status, ws::idle);
  ASSERT_EQ(ask<worker_info>(worker, pause_atom::value)->status, ws::paused);
  auto again = ask<worker_info>(worker, pause_atom::value);
  EXPECT_TRUE(again.is(orch_errc::invalid_transition));
  EXPECT_NE(error_detail(again.error).find("paused"), std::string::npos);
  EXPECT_EQ(info().status, ws::paused);
  EXPECT_EQ(states->statuses(), (std::vector<ws>{ws::paused}));
}

TEST_F(WorkerActorTest, TerminatedWorkerRefusesEverything) {
  // Terminated is final: pause, resume and terminate are all refused.
  ASSERT_EQ(ask<worker_info>(worker, terminate_atom::value)->status,
            ws::terminated);
  EXPECT_TRUE(ask<worker_info>(worker, pause_atom::value)
                  .is(orch_errc::invalid_transition));
  EXPECT_TRUE(ask<worker_info>(worker, resume_atom::value)
                  .is(orch_errc::invalid_transition));
  EXPECT_TRUE(ask<worker_info>(worker, terminate_atom::value)
                  .is(orch_errc::invalid_transition));
  EXPECT_EQ(info().status, ws::terminated);
  EXPECT_EQ(states->statuses(), (std::vector<ws>{ws::terminated}));
}

TEST_F(WorkerActorTest, TerminateWhileBusyReportsThePartLost) {
  // Terminate while busy reports the part lost; the worker is terminated.
  assign(part_of("job-1", sleep_task(100)));
  auto terminated = ask<worker_info>(worker, terminate_atom::value);
  ASSERT_TRUE(terminated.ok());
  EXPECT_EQ(terminated->status, ws::terminated);
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::lost);
  EXPECT_EQ(parts->reports[0].job_id, "job-1");
  EXPECT_EQ(parts->reports[0].worker_id, "w-1");
  advance(100ms);
  EXPECT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(states->statuses(), (std::vector<ws>{ws::busy, ws::terminated}));
  EXPECT_EQ(info().status, ws::terminated);
  EXPECT_EQ(info().current_job_id, "");
}

TEST_F(WorkerActorTest, TerminateWhileBusyReportsNoPartThatIsOver) {
  // The terminated report comes after the part was stopped, so it names no
  // current job, and it is the only report after busy.
  assign(part_of("job-1", sleep_task(100)));
  ASSERT_TRUE(ask<worker_info>(worker, terminate_atom::value).ok());
  ASSERT_EQ(states->statuses(), (std::vector<ws>{ws::busy, ws::terminated}));
  EXPECT_EQ(states->states[0].current_job_id, "job-1");
  EXPECT_EQ(states->states[1].current_job_id, "");
}

TEST_F(WorkerActorTest, CancelForAnotherAttemptOrJobIsIgnored) {
  // Only a cancel naming the running job and attempt stops the part.
  assign(part_of("job-1", sleep_task(100), 2));
  caf::anon_send(worker, cancel_atom::value, std::string{"job-1"}, 1);
  caf::anon_send(worker, cancel_atom::value, std::string{"job-2"}, 2);
  run();
  EXPECT_TRUE(parts->reports.empty());
  EXPECT_EQ(info().status, ws::busy);
  caf::anon_send(worker, cancel_atom::value, std::string{"job-1"}, 2);
  run();
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::cancelled);
  EXPECT_EQ(parts->reports[0].attempt, 2);
  EXPECT_EQ(info().status, ws::idle);
}

TEST_F(WorkerActorTest, AssignToBusyWorkerIsRefusedAsLost) {
  // A part assigned to a busy worker is refused as lost; the first goes on.
  auto second_log = std::make_shared<test::part_log>();
  auto second = spawn_part_recorder(second_log);
  assign(part_of("job-1", sleep_task(100)));
  assign_to(second, part_of("job-2", noop_task(), 3, 1, 2));
  ASSERT_EQ(second_log->reports.size(), 1u);
  const auto &refusal = second_log->reports[0];
  EXPECT_EQ(refusal.outcome, part_outcome::lost);
  EXPECT_EQ(refusal.job_id, "job-2");
  EXPECT_EQ(refusal.attempt, 3);
  EXPECT_EQ(refusal.part_index, 1);
  EXPECT_NE(refusal.error.find("busy"), std::string::npos);
  EXPECT_TRUE(parts->reports.empty());
  EXPECT_EQ(info().current_job_id, "job-1");
  advance(100ms);
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::succeeded);
}

TEST_F(WorkerActorTest, AssignToPausedWorkerIsRefusedAsLost) {
  // A paused worker takes no work: the part is refused as lost, and the
  // worker reports its state echoing the refused part's lease.
  ASSERT_TRUE(ask<worker_info>(worker, pause_atom::value).ok());
  auto part = part_of("job-1", noop_task());
  part.lease = 7;
  assign(part);
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::lost);
  EXPECT_EQ(info().status, ws::paused);
  ASSERT_EQ(states->statuses(), (std::vector<ws>{ws::paused, ws::paused}));
  EXPECT_EQ(states->states[0].lease, 0u);
  EXPECT_EQ(states->states[1].lease, 7u);
}

TEST_F(WorkerActorTest, StateReportsEchoTheLeaseOfTheRunningPart) {
  // Busy and idle reports carry the lease of the part the worker took.
  auto part = part_of("job-1", sleep_task(10));
  part.lease = 4;
  assign(part);
  advance(10ms);
  ASSERT_EQ(states->statuses(), (std::vector<ws>{ws::busy, ws::idle}));
  EXPECT_EQ(states->states[0].lease, 4u);
  EXPECT_EQ(states->states[1].lease, 4u);
}

TEST_F(WorkerActorTest, FailTaskReportsFailedWithItsRetryableFlag) {
  // A fail task is reported failed with its message and retryable flag.
  assign(part_of("job-1", fail_task("boom", true)));
  assign(part_of("job-2", fail_task("fatal", false)));
  ASSERT_EQ(parts->reports.size(), 2u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::failed);
  EXPECT_TRUE(parts->reports[0].retryable);
  EXPECT_EQ(parts->reports[0].error, "boom");
  EXPECT_EQ(parts->reports[1].outcome, part_outcome::failed);
  EXPECT_FALSE(parts->reports[1].retryable);
  EXPECT_EQ(parts->reports[1].error, "fatal");
  EXPECT_EQ(info().status, ws::idle);
  EXPECT_EQ(info().jobs_completed, 0);
}

TEST_F(WorkerActorTest, CommandTaskWithoutRunnerFailsNonRetryable) {
  // With command tasks disabled (no runner) a command part fails for good.
  ASSERT_EQ(settings()->commands, nullptr);
  assign(part_of("job-1", test::command_task({"true"})));
  ASSERT_EQ(parts->reports.size(), 1u);
  EXPECT_EQ(parts->reports[0].outcome, part_outcome::failed);
  EXPECT_FALSE(parts->reports[0].retryable);
  EXPECT_NE(parts->reports[0].error.find("disabled"), std::string::npos);
  EXPECT_EQ(states->statuses(), (std::vector<ws>{ws::idle}));
}

} // namespace
} // namespace orch
