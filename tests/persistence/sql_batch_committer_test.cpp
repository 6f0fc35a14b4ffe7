#include "persistence/allocation_repository.hpp"
#include "persistence/idempotency_repository.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/sql_batch_committer.hpp"
#include "persistence/worker_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class SqlBatchCommitter : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    add_tenant("t1");
  }

  // A batch of one running job of t1 (seq 7), worker w1 running it, and an
  // allocation holding w2.
  static snapshot_batch full_batch() {
    snapshot_batch batch;
    batch.batch_id = 1;
    auto job = make_job("t1", "j1");
    job.seq = 7;
    job.worker_ids = {"w1"};
    move_job(job, job_state::running, 3000, "allocated");
    batch.jobs.push_back(job);
    batch.workers.push_back(
        {"w1", worker_state::busy, "local", "j1", "", 0, 3000});
    batch.allocations.push_back({"a1", "t1", {"w2"}, true, 3000, 0});
    return batch;
  }

  // Makes writes on `session` fail: SQLite refuses them on a query-only
  // connection; on PostgreSQL the session's server process is terminated
  // (the timeout makes the call wait until it is gone).
  void break_session(soci::session &session) {
    if (kind() == backend::sqlite) {
      session << "PRAGMA query_only=ON";
      return;
    }
    int pid = 0;
    int terminated = 0;
    session << "SELECT pg_backend_pid()", soci::into(pid);
    sql() << "SELECT CASE WHEN pg_terminate_backend(:pid, 10000)"
             " THEN 1 ELSE 0 END",
        soci::use(pid), soci::into(terminated);
    ASSERT_EQ(terminated, 1);
  }

  sql_batch_committer committer{[this] { return open(); }};
};

TEST_P(SqlBatchCommitter, WritesJobsWorkersAndAllocationsOfABatch) {
  // Every snapshot of a committed batch is readable afterwards, seq included.
  auto batch = full_batch();
  EXPECT_TRUE(committer.commit(batch).empty());
  auto job = find_job(sql(), "t1", "j1");
  ASSERT_TRUE(job);
  expect_same_job(*job, batch.jobs.front());
  EXPECT_EQ(max_job_seq(sql()), 7);
  auto worker = find_worker(sql(), "w1");
  ASSERT_TRUE(worker);
  EXPECT_EQ(worker->current_job_id, "j1");
  auto allocation = find_allocation(sql(), "t1", "a1");
  ASSERT_TRUE(allocation);
  EXPECT_EQ(allocation->worker_ids, std::vector<std::string>{"w2"});
}

TEST_P(SqlBatchCommitter, RefusesAJobOfAnUnknownTenantAlone) {
  // A job whose tenant does not exist is returned as refused; the rest commit.
  auto batch = full_batch();
  batch.jobs.push_back(make_job("nobody", "j-orphan"));
  batch.jobs.push_back(make_job("t1", "j2"));
  auto refused = committer.commit(batch);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused.front().key, "j-orphan");
  EXPECT_FALSE(refused.front().duplicate);
  EXPECT_EQ(count_rows("jobs"), 2);
  EXPECT_TRUE(find_job(sql(), "t1", "j2"));
  EXPECT_TRUE(find_worker(sql(), "w1"));
  EXPECT_TRUE(find_allocation(sql(), "t1", "a1"));
}

TEST_P(SqlBatchCommitter, AnOlderSnapshotIsNotRefused) {
  // A snapshot older than the stored one is skipped, not reported as refused.
  auto batch = full_batch();
  ASSERT_TRUE(committer.commit(batch).empty());
  auto older = batch;
  older.jobs.front() = make_job("t1", "j1");
  older.jobs.front().seq = 7;
  EXPECT_TRUE(committer.commit(older).empty());
  EXPECT_EQ(find_job(sql(), "t1", "j1")->status, job_state::running);
}

TEST_P(SqlBatchCommitter, FailureOfTheWholeTransactionThrowsAndWritesNothing) {
  // A write failing for the database's sake (a dropped table) undoes the batch.
  sql() << "DROP TABLE allocation_workers";
  try {
    committer.commit(full_batch());
    ADD_FAILURE() << "commit did not throw";
  } catch (const database_error &e) {
    EXPECT_EQ(e.status(), db_status::unavailable);
    EXPECT_EQ(std::string(e.what()).find("allocation_workers"),
              std::string::npos);
  }
  EXPECT_EQ(count_rows("jobs"), 0);
  EXPECT_EQ(count_rows("job_events"), 0);
  EXPECT_EQ(count_rows("workers"), 0);
  EXPECT_EQ(count_rows("allocations"), 0);
}

TEST_P(SqlBatchCommitter, OpensANewSessionForTheCommitAfterAFailure) {
  // After a commit fails on a broken session, the next one reconnects.
  int opened = 0;
  sql_batch_committer flaky([&] {
    auto session = open();
    if (++opened == 1)
      break_session(*session);
    return session;
  });
  EXPECT_THROW(flaky.commit(full_batch()), database_error);
  EXPECT_EQ(count_rows("jobs"), 0);
  EXPECT_TRUE(flaky.commit(full_batch()).empty());
  EXPECT_EQ(count_rows("jobs"), 1);
  EXPECT_EQ(opened, 2);
}

TEST_P(SqlBatchCommitter, ASessionThatBreaksAfterCommittingIsReplaced) {
  // A session whose statements are prepared and that then breaks fails one
  // commit, writing nothing; the next commit reconnects and writes it all.
  soci::session *first = nullptr;
  sql_batch_committer breaking([&] {
    auto session = open();
    if (first == nullptr)
      first = session.get();
    return session;
  });
  auto batch = full_batch();
  ASSERT_TRUE(breaking.commit(batch).empty());
  break_session(*first);
  move_job(batch.jobs.front(), job_state::completed, 4000, "done");
  EXPECT_THROW(breaking.commit(batch), database_error);
  EXPECT_EQ(count_rows("job_events"), 1);
  ASSERT_TRUE(breaking.commit(batch).empty());
  EXPECT_EQ(count_rows("job_events"), 2);
  expect_same_job(*find_job(sql(), "t1", "j1"), batch.jobs.front());
}

TEST_P(SqlBatchCommitter, ABatchLargerThanOneStatementKeepsEveryEvent) {
  // Jobs beyond one multi-row statement are all stored with their events,
  // and a later snapshot appends only the events that are new.
  snapshot_batch batch;
  for (int i = 0; i < 450; ++i) {
    auto job = make_job("t1", "j" + std::to_string(i));
    job.seq = i + 1;
    move_job(job, job_state::running, 3000, "allocated");
    batch.jobs.push_back(job);
  }
  ASSERT_TRUE(committer.commit(batch).empty());
  EXPECT_EQ(count_rows("jobs"), 450);
  EXPECT_EQ(count_rows("job_events"), 450);
  for (auto &job : batch.jobs)
    move_job(job, job_state::completed, 4000, "done");
  ASSERT_TRUE(committer.commit(batch).empty());
  EXPECT_EQ(count_rows("job_events"), 900);
  auto stored = find_job(sql(), "t1", "j449");
  ASSERT_TRUE(stored);
  expect_same_job(*stored, batch.jobs.back());
}

TEST_P(SqlBatchCommitter, ANewCommitterReadsWhatIsStoredOfEarlierJobs) {
  // A committer that did not write a job (as after a restart) reads its
  // stored events and appends only the new ones.
  auto batch = full_batch();
  ASSERT_TRUE(committer.commit(batch).empty());
  move_job(batch.jobs.front(), job_state::completed, 4000, "done");
  sql_batch_committer restarted([this] { return open(); });
  ASSERT_TRUE(restarted.commit(batch).empty());
  EXPECT_EQ(count_rows("job_events"), 2);
  expect_same_job(*find_job(sql(), "t1", "j1"), batch.jobs.front());
}

TEST_P(SqlBatchCommitter, AJobIdStoredForAnotherTenantIsRefusedAlone) {
  // A snapshot claiming another tenant's job id is refused and changes
  // nothing of that job; its batch's other jobs commit.
  add_tenant("t2");
  ASSERT_TRUE(committer.commit(full_batch()).empty());
  snapshot_batch batch;
  auto intruder = make_job("t2", "j1");
  move_job(intruder, job_state::running, 5000, "mine now");
  batch.jobs = {intruder, make_job("t2", "j-own")};
  auto refused = committer.commit(batch);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused.front().key, "j1");
  EXPECT_TRUE(refused.front().duplicate);
  EXPECT_EQ(find_job(sql(), "t1", "j1")->events.size(), 1u);
  EXPECT_TRUE(find_job(sql(), "t2", "j-own"));
}

TEST_P(SqlBatchCommitter, AnIdempotencyKeyCommitsWithItsJobOrNotAtAll) {
  // A claim is stored with its job and replaced when the key is bound to a
  // newer job; the claim of a refused job is refused with it.
  snapshot_batch batch;
  batch.jobs = {make_job("t1", "j1")};
  batch.claims = {{"t1", "k", "hash-1", "j1", 1000}};
  ASSERT_TRUE(committer.commit(batch).empty());
  EXPECT_EQ(find_idempotency_key(sql(), "t1", "k")->job_id, "j1");
  batch.jobs = {make_job("t1", "j2")};
  batch.claims = {{"t1", "k", "hash-2", "j2", 2000}};
  ASSERT_TRUE(committer.commit(batch).empty());
  auto replaced = find_idempotency_key(sql(), "t1", "k");
  EXPECT_EQ(replaced->job_id, "j2");
  EXPECT_EQ(replaced->request_hash, "hash-2");
  batch.jobs = {make_job("nobody", "j-orphan")};
  batch.claims = {{"nobody", "k", "hash-3", "j-orphan", 3000}};
  auto refused = committer.commit(batch);
  ASSERT_FALSE(refused.empty());
  for (const auto &r : refused)
    EXPECT_EQ(r.key, "j-orphan");
  EXPECT_EQ(count_rows("idempotency_keys"), 1);
  EXPECT_EQ(load_idempotency_keys(sql()).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlBatchCommitter, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
