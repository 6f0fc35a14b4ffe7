#include "actor_test_fixture.hpp"

namespace orch {
namespace {

using test::noop_task;
using test::sleep_task;
using test::spec_of;
using js = job_state;
using namespace std::chrono_literals;

// What the fake snapshot writer saw, and how it answers durable requests.
struct writer_log : test::held_commits {
  std::vector<job_info> durable;
  std::vector<idempotency_claim> claims;
  std::vector<job_info> jobs;
  std::vector<worker_info> workers;
  std::vector<allocation_info> allocations;
  bool fail = false;
};

// The fake writer, plus a message that releases held commits from inside
// the actor (a promise must be delivered from its own actor's context).
using fake_writer = snapshot_writer::extend<caf::reacts_to<caf::ok_atom>>;

class DurabilityTest : public test::supervisor_test {
protected:
  snapshot_writer spawn_writer() {
    auto log = writes;
    auto writer = system().spawn(
        [log](fake_writer::pointer self) -> fake_writer::behavior_type {
          auto store = [=](const job_info &job) -> caf::result<caf::ok_atom> {
            log->durable.push_back(job);
            if (log->fail)
              return make_error(orch_errc::unavailable, "disk on fire");
            return log->answer(self);
          };
          return {
              [=](caf::ok_atom) { log->release(); },
              [=](snapshot_atom, const job_info &job) { return store(job); },
              [=](snapshot_atom, const job_info &job,
                  const idempotency_claim &claim) {
                log->claims.push_back(claim);
                return store(job);
              },
              [=](caf::put_atom, const job_info &j) { log->jobs.push_back(j); },
              [=](caf::put_atom, const worker_info &w) {
                log->workers.push_back(w);
              },
              [=](caf::put_atom, const allocation_info &a) {
                log->allocations.push_back(a);
              },
          };
        });
    keep(writer);
    writer_ = writer;
    return writer;
  }

  void release_held_commits() {
    caf::anon_send(writer_, caf::ok_atom::value);
    run();
  }

  void kill_writer() {
    caf::anon_send_exit(writer_, caf::exit_reason::kill);
    run();
  }

  void start_durable(std::int32_t workers, std::vector<job_info> recovered = {},
                     std::int64_t next_seq = 1,
                     std::vector<idempotency_claim> claims = {}) {
    mutable_settings().snapshots = spawn_writer();
    supervisor_options options;
    options.recovered_jobs = std::move(recovered);
    options.next_seq = next_seq;
    options.idempotency_claims = std::move(claims);
    start_supervisor(workers, std::move(options));
  }

  std::shared_ptr<test::reply<job_submission>>
  submit_keyed(const std::string &key, job_spec spec) {
    return ask_later<job_submission>(
        sup, submit_atom::value, std::move(spec),
        idempotent_request{key, "fingerprint-" + key});
  }

  job_info stored(const std::string &id, js status, std::int32_t attempt,
                  std::int64_t seq, task_spec task = noop_task()) {
    job_info info;
    info.job_id = id;
    info.seq = seq;
    info.spec = spec_of("tenant-a", std::move(task));
    info.status = status;
    info.attempt = attempt;
    return info;
  }

  std::shared_ptr<writer_log> writes = std::make_shared<writer_log>();

private:
  fake_writer writer_;
};

TEST_F(DurabilityTest, SubmitIsAcknowledgedOnlyAfterItsSnapshotCommitted) {
  // The submit answer waits for the writer's commit, and the job only runs
  // after it.
  writes->hold = true;
  start_durable(1);
  auto submitted = ask_later<job_info>(sup, submit_atom::value,
                                       spec_of("tenant-a", noop_task()));
  run();
  ASSERT_EQ(writes->durable.size(), 1u);
  EXPECT_FALSE(submitted->answered);
  EXPECT_EQ(metrics().jobs_submitted, 0);
  release_held_commits();
  ASSERT_TRUE(submitted->ok());
  EXPECT_EQ((*submitted)->job_id, writes->durable.front().job_id);
  EXPECT_EQ((*submitted)->seq, 1);
  EXPECT_EQ(job("tenant-a", (*submitted)->job_id).status, js::completed);
}

TEST_F(DurabilityTest, AKeyedRetryDuringTheFirstCommitGetsTheSameJob) {
  // A second submit with the key arrives while the first waits for its
  // commit: no second job is stored, and both answer the one job once it
  // committed (the first as created, the second as a replay).
  writes->hold = true;
  start_durable(1);
  auto first = submit_keyed("k", spec_of("tenant-a", noop_task()));
  run();
  auto second = submit_keyed("k", spec_of("tenant-a", noop_task()));
  run();
  ASSERT_EQ(writes->durable.size(), 1u);
  ASSERT_EQ(writes->claims.size(), 1u);
  EXPECT_EQ(writes->claims.front().job_id, writes->durable.front().job_id);
  EXPECT_FALSE(first->answered);
  EXPECT_FALSE(second->answered);
  release_held_commits();
  ASSERT_TRUE(first->ok());
  ASSERT_TRUE(second->ok());
  EXPECT_FALSE((*first)->replayed);
  EXPECT_TRUE((*second)->replayed);
  EXPECT_EQ((*second)->job.job_id, (*first)->job.job_id);
  EXPECT_EQ(metrics().jobs_submitted, 1);
}

TEST_F(DurabilityTest, AKeyReusedForAnotherBodyOrAfterAFailedCommit) {
  // Another fingerprint under a key is refused; a key whose first commit
  // failed is free again; another tenant's key of the same name is its own.
  writes->fail = true;
  start_durable(1);
  auto failed = submit_keyed("k", spec_of("tenant-a", noop_task()));
  run();
  EXPECT_TRUE(failed->is(orch_errc::unavailable));
  writes->fail = false;
  auto stored = submit_keyed("k", spec_of("tenant-a", noop_task()));
  run();
  ASSERT_TRUE(stored->ok());
  EXPECT_FALSE((*stored)->replayed);
  auto reused = ask<job_submission>(sup, submit_atom::value,
                                    spec_of("tenant-a", noop_task()),
                                    idempotent_request{"k", "other body"});
  EXPECT_TRUE(reused.is(orch_errc::idempotency_key_reused));
  auto other_tenant = submit_keyed("k", spec_of("tenant-b", noop_task()));
  run();
  ASSERT_TRUE(other_tenant->ok());
  EXPECT_NE((*other_tenant)->job.job_id, (*stored)->job.job_id);
}

TEST_F(DurabilityTest, KeysStoredBeforeARestartReplayTheirJob) {
  // A key recovered at start answers its job as a replay; one older than
  // 24 h is forgotten and the key creates a new job.
  auto now = now_ms();
  std::vector<idempotency_claim> claims = {
      {"tenant-a", "kept", "fingerprint-kept", "job-old", now - 1000},
      {"tenant-a", "expired", "fingerprint-expired", "job-older",
       now - idempotency_ttl_ms}};
  start_durable(1, {}, 1, claims);
  auto kept = submit_keyed("kept", spec_of("tenant-a", noop_task()));
  auto expired = submit_keyed("expired", spec_of("tenant-a", noop_task()));
  run();
  ASSERT_TRUE(kept->ok());
  EXPECT_TRUE((*kept)->replayed);
  EXPECT_EQ((*kept)->job.job_id, "job-old");
  ASSERT_TRUE(expired->ok());
  EXPECT_FALSE((*expired)->replayed);
  EXPECT_NE((*expired)->job.job_id, "job-older");
  EXPECT_EQ(writes->claims.size(), 1u);
}

TEST_F(DurabilityTest, ExpiredKeysLeaveMemoryAsNewKeyedRequestsArrive) {
  // Keys are not kept for the life of the process: once a day has passed,
  // the next keyed submit or allocate forgets every older key.
  start_durable(2);
  submit_keyed("a", spec_of("tenant-a", noop_task()));
  submit_keyed("b", spec_of("tenant-a", noop_task()));
  run();
  auto granted =
      ask<allocation_grant>(sup, allocate_atom::value, std::string{"tenant-a"},
                            1, idempotent_request{"c", "fp-c"});
  ASSERT_TRUE(granted.ok());
  EXPECT_EQ(metrics().idempotency_keys, 3);
  advance(std::chrono::milliseconds(idempotency_ttl_ms - 1));
  EXPECT_EQ(metrics().idempotency_keys, 3);
  advance(std::chrono::milliseconds(1));
  auto fresh = submit_keyed("d", spec_of("tenant-a", noop_task()));
  run();
  ASSERT_TRUE(fresh->ok());
  EXPECT_EQ(metrics().idempotency_keys, 2); // d, and c until an allocate
  auto again =
      ask<allocation_grant>(sup, allocate_atom::value, std::string{"tenant-a"},
                            1, idempotent_request{"e", "fp-e"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(metrics().idempotency_keys, 2); // d and e
}

TEST_F(DurabilityTest, FailedCommitRefusesTheSubmitAndKeepsNoJob) {
  // A commit failure reaches the submitter as `unavailable`; no job exists.
  writes->fail = true;
  start_durable(1);
  auto answer = submit(spec_of("tenant-a", noop_task()));
  EXPECT_TRUE(answer.is(orch_errc::unavailable));
  auto m = metrics();
  EXPECT_EQ(m.jobs_submitted, 0);
  EXPECT_EQ(m.queue_depth, 0);
  EXPECT_EQ(usage("tenant-a").pending_jobs, 0);
}

TEST_F(DurabilityTest, AWriterThatStopsRefusesTheSubmitsItHeld) {
  // A submit whose snapshot the writer took and never answered is refused
  // as `unavailable` when the writer stops (no timeout passes); no job
  // exists, and later submits are refused too.
  writes->hold = true;
  start_durable(1);
  auto held = ask_later<job_info>(sup, submit_atom::value,
                                  spec_of("tenant-a", noop_task()));
  run();
  ASSERT_EQ(writes->durable.size(), 1u);
  EXPECT_FALSE(held->answered);
  kill_writer();
  ASSERT_TRUE(held->answered);
  EXPECT_TRUE(held->is(orch_errc::unavailable));
  EXPECT_FALSE(submit(spec_of("tenant-a", noop_task())).ok());
  auto m = metrics();
  EXPECT_EQ(m.jobs_submitted, 0);
  EXPECT_EQ(m.queue_depth, 0);
  EXPECT_EQ(usage("tenant-a").pending_jobs, 0);
}

TEST_F(DurabilityTest, EveryJobTransitionAndWorkerStateIsWritten) {
  // Each transition sends the job's snapshot; worker changes are written too.
  start_durable(1);
  auto answer = submit(spec_of("tenant-a", noop_task()));
  ASSERT_TRUE(answer.ok());
  std::vector<js> statuses;
  for (const auto &j : writes->jobs)
    statuses.push_back(j.status);
  EXPECT_EQ(statuses, (std::vector<js>{js::running, js::completed}));
  EXPECT_EQ(writes->jobs.back().events.size(), 2u);
  EXPECT_FALSE(writes->workers.empty());
  EXPECT_EQ(writes->workers.back().status, worker_state::idle);
  EXPECT_EQ(writes->workers.back().jobs_completed, 1);
}

TEST_F(DurabilityTest, RecoveredJobsRunAgainInSubmissionOrder) {
  // Pending jobs are queued again by seq; an interrupted running job goes
  // back to pending with attempt + 1 and an event saying why.
  auto first = stored("job-1", js::pending, 1, 1, sleep_task(10));
  auto running = stored("job-2", js::running, 1, 2, sleep_task(10));
  auto last = stored("job-3", js::pending, 1, 3, sleep_task(10));
  start_durable(1, {first, running, last}, 4);
  EXPECT_EQ(job("tenant-a", "job-1").status, js::running);
  for (int step = 0; step < 10; ++step)
    advance(10ms);
  for (const auto *id : {"job-1", "job-2", "job-3"})
    EXPECT_EQ(job("tenant-a", id).status, js::completed) << id;
  auto recovered = job("tenant-a", "job-2");
  EXPECT_EQ(recovered.attempt, 2);
  ASSERT_FALSE(recovered.events.empty());
  EXPECT_EQ(recovered.events.front().from, js::running);
  EXPECT_EQ(recovered.events.front().to, js::pending);
  EXPECT_NE(recovered.events.front().reason.find("restart"), std::string::npos);
  EXPECT_LE(job("tenant-a", "job-1").finished_at_ms,
            job("tenant-a", "job-3").started_at_ms);
  auto next = submit(spec_of("tenant-a", noop_task()));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->seq, 4);
}

TEST_F(DurabilityTest, InterruptedJobWithNoAttemptLeftFails) {
  // A running job on its last attempt fails on recovery and never runs.
  auto last_try = stored("job-1", js::running, 3, 1);
  start_durable(1, {last_try}, 2);
  auto info = job("tenant-a", "job-1");
  EXPECT_EQ(info.status, js::failed);
  EXPECT_EQ(info.attempt, 3);
  EXPECT_NE(info.error.find("restart"), std::string::npos);
  auto m = metrics();
  EXPECT_EQ(m.jobs_failed, 1);
  EXPECT_EQ(m.jobs_by_state["running"], 0);
  EXPECT_EQ(usage("tenant-a").running_jobs, 0);
  EXPECT_EQ(worker("w-1").jobs_completed, 0);
}

TEST_F(DurabilityTest, JobFailedOnRecoveryWithoutRetentionEndsAtOnce) {
  // Without retention, a job that fails while it recovers ends its actor
  // at once and the supervisor forgets it.
  mutable_settings().retention = 0ms;
  auto before = system().registry().running();
  start_durable(1, {stored("job-1", js::running, 3, 1)}, 2);
  // The writer, the supervisor and its worker: no job actor.
  EXPECT_EQ(system().registry().running(), before + 3);
  EXPECT_TRUE(get("tenant-a", "job-1").is(orch_errc::not_found));
  auto m = metrics();
  EXPECT_EQ(m.jobs_failed, 1);
  EXPECT_EQ(m.jobs_by_state["failed"], 0);
  EXPECT_EQ(usage("tenant-a").running_jobs, 0);
}

} // namespace
} // namespace orch
