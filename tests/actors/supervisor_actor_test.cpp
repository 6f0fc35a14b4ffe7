#include "actor_test_fixture.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace orch {
namespace {

using namespace std::chrono_literals;
using namespace test; // task and job builders
using js = job_state;
using ws = worker_state;

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

tenant_quotas quotas(std::int32_t max_workers, std::int32_t max_running,
                     std::int32_t max_pending) {
  return {max_workers, max_running, max_pending};
}

class SupervisorTest : public test::supervisor_test {
protected:
  // Submits and expects acceptance; returns the job id.
  std::string submit_ok(job_spec spec) {
    auto answer = submit(std::move(spec));
    EXPECT_TRUE(answer.ok()) << to_string(answer.error);
    return answer.ok() ? answer->job_id : std::string{};
  }

  // The live actor behind a worker id. The supervisor does not expose
  // worker handles; resume of a busy or idle worker is delegated to the
  // worker and refused by it, so the refusal comes from the worker actor.
  caf::actor worker_handle(const std::string &id) {
    return responder_of<worker_info>(sup, resume_atom::value, id);
  }

  // Submits and runs only until the supervisor has spawned the job actor
  // (the asking helper is the other new actor), held its workers and sent
  // it `start`, which the job has not handled yet.
  std::shared_ptr<test::reply<job_info>> submit_until_held(job_spec spec) {
    auto before = system().registry().running();
    auto submitted = ask_later<job_info>(sup, submit_atom::value, spec);
    while (system().registry().running() < before + 2 && sched().try_run_once())
      continue;
    return submitted;
  }

  // Cancels a job waiting out its retry backoff (at most 200 ms) so that
  // the job handles its requeue timer first, yet the supervisor gets the
  // cancel before the requeue: the cancel reaches the job only after the
  // supervisor acted on the requeue.
  void cancel_crossing_requeue(const std::string &tenant,
                               const std::string &id) {
    auto cancelled = ask_later<job_info>(sup, cancel_atom::value, tenant, id);
    sched().run_once(); // the helper sends the cancel
    sched().clock().advance_time(200ms);
    sched().run_once_lifo(); // the job, whose requeue timer fired
    run();
    ASSERT_TRUE(cancelled->ok());
    EXPECT_EQ((*cancelled)->status, js::cancelled);
  }

  // Submits a 1 s sleep of tenant-a, which starts at once; returns its id
  // and the worker running it.
  std::pair<std::string, std::string> submit_running_sleep() {
    auto id = submit_ok(spec_of("tenant-a", sleep_task(1000)));
    auto running = job("tenant-a", id);
    EXPECT_EQ(running.status, js::running);
    return {id, running.worker_ids.at(0)};
  }

  // The job lost its part (`why` names how): it is pending for attempt 2,
  // runs again after the backoff and completes; returns it then.
  job_info expect_retried(const std::string &id, const std::string &why) {
    auto retried = job("tenant-a", id);
    EXPECT_EQ(retried.status, js::pending);
    EXPECT_EQ(retried.attempt, 2);
    EXPECT_EQ(retried.events.back().from, js::running);
    EXPECT_TRUE(contains(retried.events.back().reason, why))
        << retried.events.back().reason;
    advance(200ms); // the longest backoff of a second attempt
    EXPECT_EQ(job("tenant-a", id).status, js::running);
    advance(1000ms);
    auto done = job("tenant-a", id);
    EXPECT_EQ(done.status, js::completed);
    return done;
  }

  // The job is pending, and its waiting reason names `why`.
  void expect_waiting(const std::string &tenant, const std::string &id,
                      const std::string &why) {
    auto waiting = job(tenant, id);
    EXPECT_EQ(waiting.status, js::pending);
    EXPECT_TRUE(contains(waiting.waiting_reason, why))
        << waiting.waiting_reason;
  }

  // Sends `actor` a message and runs it ahead of every other actor.
  template <class... Ts> void step(const caf::actor &actor, Ts... xs) {
    caf::anon_send(actor, xs...);
    ASSERT_TRUE(sched().prioritize(actor));
    sched().run_once();
  }
};

TEST_F(SupervisorTest, SubmittedNoopJobCompletes) {
  // A submitted noop job is accepted as pending and runs to completed.
  start_supervisor(2);
  auto submitted = submit(spec_of("tenant-a", noop_task()));
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->status, js::pending);
  EXPECT_EQ(submitted->job_id.rfind("job-", 0), 0u);
  EXPECT_EQ(submitted->created_at_ms, now_ms());
  auto done = job("tenant-a", submitted->job_id);
  EXPECT_EQ(done.status, js::completed);
  EXPECT_EQ(done.attempt, 1);
  ASSERT_EQ(done.worker_ids.size(), 1u);
  auto w = worker(done.worker_ids[0]);
  EXPECT_EQ(w.status, ws::idle);
  EXPECT_EQ(w.jobs_completed, 1);
  auto u = usage("tenant-a");
  EXPECT_EQ(u.jobs_submitted, 1);
  EXPECT_EQ(u.jobs_completed, 1);
  EXPECT_EQ(u.workers_held, 0);
  EXPECT_EQ(u.running_jobs, 0);
  EXPECT_EQ(u.pending_jobs, 0);
}

TEST_F(SupervisorTest, SpawnsNamedLocalWorkers) {
  // The pool starts with idle workers w-1..w-N; unknown ids are not_found.
  start_supervisor(3);
  auto list = workers();
  ASSERT_EQ(list.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(list[i].worker_id, "w-" + std::to_string(i + 1));
    EXPECT_EQ(list[i].status, ws::idle);
  }
  auto missing = ask<worker_info>(sup, workers_atom::value, std::string{"w-9"});
  EXPECT_TRUE(missing.is(orch_errc::not_found));
  auto pause = ask<worker_info>(sup, pause_atom::value, std::string{"w-9"});
  EXPECT_TRUE(pause.is(orch_errc::not_found));
}

TEST_F(SupervisorTest, TerminatedBusyWorkerJobIsRetriedOnAnotherWorker) {
  // Terminating a busy worker retries its job on another worker.
  start_supervisor(2);
  auto [id, victim] = submit_running_sleep();
  auto terminated =
      ask<worker_info>(sup, terminate_atom::value, std::string{victim});
  ASSERT_TRUE(terminated.ok());
  EXPECT_EQ(terminated->status, ws::terminated);
  auto done = expect_retried(id, "worker terminated");
  ASSERT_EQ(done.worker_ids.size(), 1u);
  EXPECT_NE(done.worker_ids[0], victim);
  EXPECT_EQ(done.events.size(), 4u);
  EXPECT_EQ(worker(victim).status, ws::terminated);
  auto next = submit_ok(spec_of("tenant-a", noop_task()));
  EXPECT_NE(job("tenant-a", next).worker_ids.at(0), victim);
  EXPECT_EQ(metrics().workers_by_state["terminated"], 1);
}

TEST_F(SupervisorTest, KilledWorkerIsRestartedAndItsJobRetried) {
  // A killed worker actor is restarted idle under its id; its job is retried.
  start_supervisor(1);
  auto [id, victim] = submit_running_sleep();
  auto old_actor = worker_handle(victim);
  ASSERT_TRUE(old_actor);
  caf::anon_send_exit(old_actor, caf::exit_reason::kill);
  run();
  auto restarted = worker(victim);
  EXPECT_EQ(restarted.status, ws::idle);
  EXPECT_EQ(restarted.current_job_id, "");
  auto new_actor = worker_handle(victim);
  ASSERT_TRUE(new_actor);
  EXPECT_NE(new_actor.address(), old_actor.address());
  expect_retried(id, "was lost");
  EXPECT_EQ(usage("tenant-a").workers_held, 0);
}

TEST_F(SupervisorTest, JobAndWorkerActorsEndWithTheSupervisor) {
  // When the supervisor ends, a finished job actor and a busy worker end at
  // once, not when their retention or part timers fire.
  start_supervisor(1);
  auto finished = submit_ok(spec_of("tenant-a", noop_task()));
  submit_ok(spec_of("tenant-a", sleep_task(10000)));
  // Cancel of a finished job is refused by the job actor itself.
  auto finished_actor = responder_of<job_info>(
      sup, cancel_atom::value, std::string{"tenant-a"}, std::string{finished});
  auto busy_worker = worker_handle("w-1");
  ASSERT_NE(finished_actor, caf::actor_cast<caf::actor>(sup));
  auto job_ended = watch(finished_actor);
  auto worker_ended = watch(busy_worker);
  run();
  ASSERT_FALSE(*job_ended || *worker_ended);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  run();
  EXPECT_TRUE(*job_ended);
  EXPECT_TRUE(*worker_ended);
}

TEST_F(SupervisorTest, OtherTenantCannotSeeOrCancelAJob) {
  // Get and cancel with another tenant's id answer not_found, change nothing.
  start_supervisor(1);
  auto id = submit_ok(spec_of("tenant-a", sleep_task(100)));
  EXPECT_TRUE(get("tenant-b", id).is(orch_errc::not_found));
  EXPECT_TRUE(cancel("tenant-b", id).is(orch_errc::not_found));
  EXPECT_TRUE(get("tenant-a", "job-missing").is(orch_errc::not_found));
  EXPECT_EQ(job("tenant-a", id).status, js::running);
  EXPECT_EQ(usage("tenant-b").jobs_submitted, 0);
  advance(100ms);
  EXPECT_EQ(job("tenant-a", id).status, js::completed);
}

TEST_F(SupervisorTest, MaxPendingJobsRefusesSubmit) {
  // Past max_pending_jobs a submit is quota_exceeded; other tenants are not.
  start_supervisor(1);
  set_quotas("tenant-a", quotas(-1, 100, 2));
  for (int i = 0; i < 3; ++i)
    submit_ok(spec_of("tenant-a", sleep_task(100)));
  EXPECT_EQ(usage("tenant-a").pending_jobs, 2);
  auto refused = submit(spec_of("tenant-a", sleep_task(100)));
  EXPECT_TRUE(refused.is(orch_errc::quota_exceeded));
  EXPECT_TRUE(contains(error_detail(refused.error), "max_pending_jobs"));
  EXPECT_TRUE(submit(spec_of("tenant-b", noop_task())).ok());
  advance(100ms);
  EXPECT_TRUE(submit(spec_of("tenant-a", noop_task())).ok());
}

TEST_F(SupervisorTest, MaxRunningJobsKeepsJobsPending) {
  // max_running_jobs keeps further jobs pending with a reason naming it.
  start_supervisor(3);
  set_quotas("tenant-a", quotas(-1, 1, 100));
  auto first = submit_ok(spec_of("tenant-a", sleep_task(100)));
  auto second = submit_ok(spec_of("tenant-a", sleep_task(100)));
  expect_waiting("tenant-a", second, "max_running_jobs");
  auto u = usage("tenant-a");
  EXPECT_EQ(u.running_jobs, 1);
  EXPECT_EQ(u.pending_jobs, 1);
  advance(100ms);
  EXPECT_EQ(job("tenant-a", first).status, js::completed);
  EXPECT_EQ(job("tenant-a", second).status, js::running);
}

TEST_F(SupervisorTest, MaxWorkersKeepsJobsPendingAndLeavesWorkersToOthers) {
  // max_workers keeps a gang pending, naming the quota; others use the workers.
  start_supervisor(4);
  set_quotas("tenant-a", quotas(2, 100, 100));
  auto first = submit_ok(spec_of("tenant-a", sleep_task(100), 2));
  auto second = submit_ok(spec_of("tenant-a", sleep_task(100), 2));
  expect_waiting("tenant-a", second, "max_workers");
  auto u = usage("tenant-a");
  EXPECT_EQ(u.effective_max_workers, 2);
  EXPECT_EQ(u.workers_held, 2);
  EXPECT_EQ(u.available_workers, 0);
  auto other = submit_ok(spec_of("tenant-b", sleep_task(100), 2));
  EXPECT_EQ(job("tenant-b", other).status, js::running);
  advance(100ms);
  EXPECT_EQ(job("tenant-a", first).status, js::completed);
  EXPECT_EQ(job("tenant-a", second).status, js::running);
  EXPECT_EQ(usage("tenant-a").workers_held, 2);
}

TEST_F(SupervisorTest, JobThatCanNeverRunIsRefused) {
  // A job whose gang can never fit, or with zero workers, is invalid_argument.
  start_supervisor(3);
  EXPECT_TRUE(submit(spec_of("tenant-a", noop_task(), 4))
                  .is(orch_errc::invalid_argument));
  EXPECT_TRUE(submit(spec_of("tenant-a", noop_task(), 0))
                  .is(orch_errc::invalid_argument));
  set_quotas("tenant-b", quotas(2, 100, 100));
  EXPECT_TRUE(submit(spec_of("tenant-b", noop_task(), 3))
                  .is(orch_errc::invalid_argument));
  auto zero_attempts = spec_of("tenant-a", noop_task());
  zero_attempts.max_attempts = 0;
  EXPECT_TRUE(submit(zero_attempts).is(orch_errc::invalid_argument));
  auto m = metrics();
  EXPECT_EQ(m.jobs_submitted, 0);
  EXPECT_EQ(m.queue_depth, 0);
}

TEST_F(SupervisorTest, NegativeQuotasAreRefused) {
  // Quotas below zero (other than max_workers' "whole pool") are refused.
  start_supervisor(1);
  auto bad = ask<tenant_usage>(sup, quotas_atom::value, std::string{"t"},
                               quotas(-1, -1, 10));
  EXPECT_TRUE(bad.is(orch_errc::invalid_argument));
  EXPECT_EQ(usage("t").quotas.max_running_jobs, 100);
}

TEST_F(SupervisorTest, AllocationsCountAgainstMaxWorkers) {
  // Allocated workers count against max_workers until they are released.
  start_supervisor(4);
  set_quotas("tenant-a", quotas(3, 100, 100));
  auto alloc = allocate("tenant-a", 2);
  ASSERT_TRUE(alloc.ok());
  EXPECT_EQ(alloc->worker_ids.size(), 2u);
  EXPECT_TRUE(alloc->active);
  EXPECT_EQ(alloc->tenant_id, "tenant-a");
  auto u = usage("tenant-a");
  EXPECT_EQ(u.workers_held, 2);
  EXPECT_EQ(u.workers_allocated, 2);
  EXPECT_EQ(u.available_workers, 1);
  for (const auto &id : alloc->worker_ids)
    EXPECT_EQ(worker(id).allocation_id, alloc->allocation_id);
  EXPECT_TRUE(allocate("tenant-a", 2).is(orch_errc::quota_exceeded));
  auto id = submit_ok(spec_of("tenant-a", noop_task(), 2));
  expect_waiting("tenant-a", id, "max_workers");
  auto released = release("tenant-a", alloc->allocation_id);
  ASSERT_TRUE(released.ok());
  EXPECT_FALSE(released->active);
  EXPECT_EQ(released->released_at_ms, now_ms());
  EXPECT_EQ(job("tenant-a", id).status, js::completed);
  u = usage("tenant-a");
  EXPECT_EQ(u.workers_held, 0);
  EXPECT_EQ(u.workers_allocated, 0);
  EXPECT_TRUE(
      release("tenant-a", alloc->allocation_id).is(orch_errc::not_found));
}

TEST_F(SupervisorTest, AllocationsActiveBeforeARestartAreHeldAgain) {
  // An allocation active at start holds its workers again (those that still
  // exist), counts against max_workers and can be released.
  allocation_info before;
  before.allocation_id = "alloc-1";
  before.tenant_id = "tenant-a";
  before.worker_ids = {"w-2", "w-9"};
  before.created_at_ms = test::epoch_ms;
  allocation_info released = before;
  released.allocation_id = "alloc-0";
  released.active = false;
  supervisor_options options;
  options.active_allocations = {before, released};
  options.tenant_quotas_by_id["tenant-a"] = quotas(2, 100, 100);
  start_supervisor(3, std::move(options));
  EXPECT_EQ(worker("w-2").allocation_id, "alloc-1");
  EXPECT_EQ(worker("w-1").allocation_id, "");
  auto u = usage("tenant-a");
  EXPECT_EQ(u.workers_held, 1);
  EXPECT_EQ(u.workers_allocated, 1);
  EXPECT_TRUE(allocate("tenant-a", 2).is(orch_errc::quota_exceeded));
  EXPECT_TRUE(release("tenant-b", "alloc-1").is(orch_errc::not_found));
  EXPECT_TRUE(release("tenant-a", "alloc-0").is(orch_errc::not_found));
  auto done = release("tenant-a", "alloc-1");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->worker_ids, (std::vector<std::string>{"w-2"}));
  EXPECT_EQ(done->created_at_ms, test::epoch_ms);
  EXPECT_EQ(usage("tenant-a").workers_held, 0);
  EXPECT_EQ(worker("w-2").allocation_id, "");
  EXPECT_TRUE(allocate("tenant-a", 2).ok());
}

TEST_F(SupervisorTest, AllocationOfAnotherTenantOrBeyondIdleIsRefused) {
  // Foreign release is not_found; more than idle is insufficient_workers.
  start_supervisor(4);
  auto alloc = allocate("tenant-a", 2);
  ASSERT_TRUE(alloc.ok());
  EXPECT_TRUE(
      release("tenant-b", alloc->allocation_id).is(orch_errc::not_found));
  auto refused = allocate("tenant-b", 3);
  EXPECT_TRUE(refused.is(orch_errc::insufficient_workers));
  EXPECT_EQ(usage("tenant-b").workers_held, 0);
  EXPECT_TRUE(allocate("tenant-b", 0).is(orch_errc::invalid_argument));
  EXPECT_TRUE(allocate("tenant-b", 2).ok());
  EXPECT_TRUE(allocate("tenant-c", 1).is(orch_errc::insufficient_workers));
  EXPECT_TRUE(release("tenant-a", alloc->allocation_id).ok());
  EXPECT_TRUE(allocate("tenant-c", 1).ok());
}

TEST_F(SupervisorTest, CancelOfRunningJobFreesItsWorkers) {
  // Cancel of a running gang frees its workers for the next job.
  start_supervisor(2);
  auto id = submit_ok(spec_of("tenant-a", sleep_task(10000), 2));
  auto next = submit_ok(spec_of("tenant-a", noop_task(), 2));
  EXPECT_EQ(job("tenant-a", next).status, js::pending);
  auto cancelled = cancel("tenant-a", id);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, js::cancelled);
  EXPECT_EQ(job("tenant-a", next).status, js::completed);
  for (const auto &w : workers())
    EXPECT_EQ(w.status, ws::idle) << w.worker_id;
  auto u = usage("tenant-a");
  EXPECT_EQ(u.workers_held, 0);
  EXPECT_EQ(u.running_jobs, 0);
  EXPECT_TRUE(cancel("tenant-a", id).is(orch_errc::invalid_transition));
}

TEST_F(SupervisorTest, CancelOfPendingJobLeavesTheQueue) {
  // A cancelled pending job leaves the queue and never starts.
  start_supervisor(1);
  auto busy = submit_ok(spec_of("tenant-a", sleep_task(100)));
  auto queued = submit_ok(spec_of("tenant-a", noop_task()));
  EXPECT_EQ(metrics().queue_depth, 1);
  ASSERT_TRUE(cancel("tenant-a", queued).ok());
  EXPECT_EQ(metrics().queue_depth, 0);
  EXPECT_EQ(usage("tenant-a").pending_jobs, 0);
  advance(100ms);
  EXPECT_EQ(job("tenant-a", busy).status, js::completed);
  auto still = job("tenant-a", queued);
  EXPECT_EQ(still.status, js::cancelled);
  EXPECT_TRUE(still.worker_ids.empty());
}

TEST_F(SupervisorTest, PausedWorkerGetsNoWorkUntilResumed) {
  // A paused worker gets no work; the job waits until it is resumed.
  start_supervisor(1);
  auto paused = ask<worker_info>(sup, pause_atom::value, std::string{"w-1"});
  ASSERT_TRUE(paused.ok());
  EXPECT_EQ(paused->status, ws::paused);
  auto id = submit_ok(spec_of("tenant-a", noop_task()));
  expect_waiting("tenant-a", id, "workers in service");
  ASSERT_TRUE(
      ask<worker_info>(sup, resume_atom::value, std::string{"w-1"}).ok());
  EXPECT_EQ(job("tenant-a", id).status, js::completed);
}

TEST_F(SupervisorTest, TimedOutJobReleasesItsWorkers) {
  // A timed-out job counts as failed and its workers return to idle.
  start_supervisor(2);
  auto spec = spec_of("tenant-a", sleep_task(10000), 2);
  spec.timeout_ms = 300;
  auto id = submit_ok(spec);
  advance(300ms);
  EXPECT_EQ(job("tenant-a", id).status, js::timed_out);
  for (const auto &w : workers())
    EXPECT_EQ(w.status, ws::idle) << w.worker_id;
  EXPECT_EQ(usage("tenant-a").workers_held, 0);
  EXPECT_EQ(usage("tenant-a").jobs_failed, 1);
  EXPECT_EQ(metrics().jobs_by_state["timed_out"], 1);
}

TEST_F(SupervisorTest, MetricsCountJobsAndWorkers) {
  // Metrics count jobs (totals and live by state), workers and queue depth.
  start_supervisor(2);
  submit_ok(spec_of("tenant-a", noop_task()));
  submit_ok(spec_of("tenant-b", noop_task()));
  submit_ok(spec_of("tenant-a", fail_task("fatal", false)));
  submit_ok(spec_of("tenant-a", sleep_task(100), 2));
  submit_ok(spec_of("tenant-b", noop_task()));
  auto m = metrics();
  EXPECT_EQ(m.jobs_submitted, 5);
  EXPECT_EQ(m.jobs_completed, 2);
  EXPECT_EQ(m.jobs_failed, 1);
  EXPECT_EQ(m.queue_depth, 1);
  EXPECT_EQ(m.jobs_by_state["pending"], 1);
  EXPECT_EQ(m.jobs_by_state["running"], 1);
  EXPECT_EQ(m.jobs_by_state["completed"], 2);
  EXPECT_EQ(m.jobs_by_state["failed"], 1);
  EXPECT_EQ(m.jobs_by_state["cancelled"], 0);
  EXPECT_EQ(m.workers_by_state["busy"], 2);
  EXPECT_EQ(m.workers_by_state["idle"], 0);
  EXPECT_DOUBLE_EQ(m.completed_per_second, 0.2);
  advance(100ms);
  m = metrics();
  EXPECT_EQ(m.jobs_completed, 4);
  EXPECT_EQ(m.queue_depth, 0);
  EXPECT_EQ(m.workers_by_state["idle"], 2);
}

TEST_F(SupervisorTest, RetiredJobIsGoneAndLeavesTheLiveCounts) {
  // A retired job is not_found and no longer counted among live jobs.
  mutable_settings().retention = 1000ms;
  start_supervisor(1);
  auto id = submit_ok(spec_of("tenant-a", noop_task()));
  EXPECT_EQ(job("tenant-a", id).status, js::completed);
  advance(1000ms);
  EXPECT_TRUE(get("tenant-a", id).is(orch_errc::not_found));
  auto m = metrics();
  EXPECT_EQ(m.jobs_completed, 1);
  EXPECT_EQ(m.jobs_by_state["completed"], 0);
}

TEST_F(SupervisorTest, AtMostRetainedJobsMaxFinishedJobsStayInMemory) {
  // Beyond retained_jobs_max finished jobs the oldest leaves memory early
  // (its actor ends), long before its retention is over.
  mutable_settings().retention = std::chrono::hours(1);
  mutable_settings().retained_jobs_max = 2;
  start_supervisor(1);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(submit_ok(spec_of("tenant-a", noop_task())));
  run();
  EXPECT_TRUE(get("tenant-a", ids[0]).is(orch_errc::not_found));
  EXPECT_EQ(job("tenant-a", ids[1]).status, js::completed);
  EXPECT_EQ(job("tenant-a", ids[2]).status, js::completed);
  auto m = metrics();
  EXPECT_EQ(m.jobs_completed, 3);
  EXPECT_EQ(m.jobs_by_state["completed"], 2);
}

TEST_F(SupervisorTest, RetentionIsSweptAtMostOnceASecond) {
  // No timer per job: the first job leaves when its retention ends, the
  // second (due 400 ms later) with the next sweep a second after that.
  mutable_settings().retention = 1000ms;
  start_supervisor(1);
  auto first = submit_ok(spec_of("tenant-a", noop_task()));
  advance(400ms);
  auto second = submit_ok(spec_of("tenant-a", noop_task()));
  advance(600ms);
  EXPECT_TRUE(get("tenant-a", first).is(orch_errc::not_found));
  EXPECT_EQ(job("tenant-a", second).status, js::completed);
  advance(1000ms);
  EXPECT_TRUE(get("tenant-a", second).is(orch_errc::not_found));
  EXPECT_EQ(metrics().jobs_by_state["completed"], 0);
}

TEST_F(SupervisorTest, PausedThenKilledHeldWorkerLeavesNoStuckJob) {
  // A held worker that pauses then dies before its assign leaves no stuck job.
  start_supervisor(1);
  auto old_actor = worker_handle("w-1");
  ASSERT_TRUE(old_actor);
  auto submitted = submit_until_held(spec_of("tenant-a", sleep_task(100)));
  step(old_actor, pause_atom::value);
  caf::anon_send_exit(old_actor, caf::exit_reason::kill);
  ASSERT_TRUE(sched().prioritize(old_actor));
  sched().run_once();
  run();
  ASSERT_TRUE(submitted->ok());
  for (int step = 0; step < 20; ++step)
    advance(100ms); // backoff, then the retried sleep
  auto after = job("tenant-a", (*submitted)->job_id);
  EXPECT_EQ(after.status, js::completed)
      << "attempt " << after.attempt << ", " << after.events.size()
      << " event(s), workers held " << usage("tenant-a").workers_held;
}

TEST_F(SupervisorTest, StaleWorkerReportsDoNotEndANewerHold) {
  // A held worker paused and resumed before its part arrives keeps the job's
  // hold: the part runs within the tenant's quota and no other job is given
  // the worker meanwhile.
  start_supervisor(1);
  auto w1 = worker_handle("w-1");
  auto submitted = submit_until_held(spec_of("tenant-a", sleep_task(100)));
  step(w1, pause_atom::value);
  step(w1, resume_atom::value);
  run();
  ASSERT_TRUE(submitted->ok());
  auto id = (*submitted)->job_id;
  EXPECT_EQ(job("tenant-a", id).status, js::running);
  EXPECT_EQ(usage("tenant-a").workers_held, 1);
  auto other = submit_ok(spec_of("tenant-b", noop_task()));
  EXPECT_EQ(job("tenant-b", other).status, js::pending);
  advance(100ms);
  EXPECT_EQ(job("tenant-a", id).status, js::completed);
  auto next = job("tenant-b", other);
  EXPECT_EQ(next.status, js::completed);
  EXPECT_EQ(next.attempt, 1);
  EXPECT_EQ(usage("tenant-a").workers_held, 0);
}

TEST_F(SupervisorTest, HeldWorkerThatRefusesItsPartEndsTheHold) {
  // A held worker paused before its part arrives refuses the part and says
  // so: the hold ends, and the job runs again once the worker is resumed.
  start_supervisor(1);
  auto w1 = worker_handle("w-1");
  auto submitted = submit_until_held(spec_of("tenant-a", noop_task()));
  step(w1, pause_atom::value);
  run();
  ASSERT_TRUE(submitted->ok());
  auto id = (*submitted)->job_id;
  auto refused = job("tenant-a", id);
  EXPECT_EQ(refused.status, js::pending);
  EXPECT_EQ(refused.attempt, 2);
  EXPECT_EQ(usage("tenant-a").workers_held, 0);
  ASSERT_TRUE(
      ask<worker_info>(sup, resume_atom::value, std::string{"w-1"}).ok());
  advance(200ms); // the longest backoff of a second attempt
  EXPECT_EQ(job("tenant-a", id).status, js::completed);
}

TEST_F(SupervisorTest, CancelOvertakingARequeueLeavesNothingCounted) {
  // A cancel that reaches the job just after its requeue reached the
  // supervisor (which then starts it) leaves no running or pending job
  // counted, no worker held and nothing queued.
  start_supervisor(1);
  auto id = submit_ok(spec_of("tenant-a", fail_task("flaky", true)));
  ASSERT_EQ(job("tenant-a", id).attempt, 2);
  cancel_crossing_requeue("tenant-a", id);
  EXPECT_EQ(job("tenant-a", id).status, js::cancelled);
  auto u = usage("tenant-a");
  EXPECT_EQ(u.running_jobs, 0);
  EXPECT_EQ(u.pending_jobs, 0);
  EXPECT_EQ(u.workers_held, 0);
  EXPECT_EQ(metrics().queue_depth, 0);
  auto next = submit_ok(spec_of("tenant-a", noop_task()));
  EXPECT_EQ(job("tenant-a", next).status, js::completed);
}

TEST_F(SupervisorTest, CancelledJobQueuedByARequeueIsNeverStarted) {
  // Without retention, a cancelled job queued by a requeue that crossed the
  // cancel leaves the queue, so a freed worker never starts the retired job
  // (which killed the supervisor).
  mutable_settings().retention = 0ms;
  start_supervisor(1);
  auto id = submit_ok(spec_of("tenant-a", fail_task("flaky", true)));
  submit_ok(spec_of("tenant-b", sleep_task(1000)));
  cancel_crossing_requeue("tenant-a", id);
  EXPECT_EQ(metrics().queue_depth, 0);
  advance(1000ms);
  EXPECT_EQ(usage("tenant-b").jobs_completed, 1);
  EXPECT_TRUE(get("tenant-a", id).is(orch_errc::not_found));
  submit_ok(spec_of("tenant-a", noop_task()));
  advance(0ms);
  auto u = usage("tenant-a");
  EXPECT_EQ(u.jobs_completed, 1);
  EXPECT_EQ(u.running_jobs, 0);
  EXPECT_EQ(u.pending_jobs, 0);
}

} // namespace
} // namespace orch
