#include "persistence/job_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class JobRepository : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    add_tenant("t1");
    add_tenant("t2");
  }
};

// A finished command job with every field set.
job_info full_job() {
  auto job = make_job("t1", "job-full", 10'000);
  job.spec.task_description = "nightly export — ünïcode";
  job.spec.required_workers = 2;
  job.spec.priority = -3;
  job.spec.max_attempts = 5;
  job.spec.timeout_ms = 60'000;
  job.spec.task.kind = task_kind::command;
  job.spec.task.argv = {"sh", "-c", "echo 'hi there' \"$X\""};
  job.spec.task.env = {{"X", "1"}, {"PATH", "/usr/bin:/bin"}};
  job.spec.task.cwd = "/var/tmp";
  move_job(job, job_state::running, 11'000, "allocated w1, w2");
  move_job(job, job_state::pending, 12'000, "part 0 on w1: exit 1");
  move_job(job, job_state::running, 13'000, "allocated w2, w3");
  move_job(job, job_state::completed, 14'000, "");
  job.attempt = 2;
  job.waiting_reason = "no idle worker";
  job.error = "part 0 on w1: exit 1";
  job.result = {0, "line 1\nline 2\n", "warning: x\n"};
  job.worker_ids = {"w2", "w3"};
  job.started_at_ms = 13'000;
  job.finished_at_ms = 14'000;
  return job;
}

TEST_P(JobRepository, EveryFieldOfAJobRoundTrips) {
  // Spec, task (argv, env, cwd), result, worker ids, events and times survive.
  auto job = full_job();
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  auto found = find_job(sql(), "t1", "job-full");
  ASSERT_TRUE(found);
  expect_same_job(*found, job);
}

TEST_P(JobRepository, EveryTaskKindRoundTrips) {
  // noop, sleep and fail tasks keep their own fields.
  auto sleep = make_job("t1", "sleep");
  sleep.spec.task.kind = task_kind::sleep;
  sleep.spec.task.sleep_ms = 250;
  auto fail = make_job("t1", "fail");
  fail.spec.task.kind = task_kind::fail;
  fail.spec.task.fail_message = "boom";
  fail.spec.task.retryable = false;
  auto noop = make_job("t1", "noop");
  std::int64_t seq = 0;
  for (const auto &job : {sleep, fail, noop}) {
    ASSERT_EQ(upsert_job(sql(), job, ++seq), db_status::ok);
    auto found = find_job(sql(), "t1", job.job_id);
    ASSERT_TRUE(found);
    expect_same_job(*found, job);
  }
}

TEST_P(JobRepository, UpsertIsIdempotentAndAppendsEachEventOnce) {
  // Writing a snapshot twice stores it once; a later one adds only new events.
  auto job = make_job("t1", "j1");
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  move_job(job, job_state::running, 3000, "allocated");
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  EXPECT_EQ(count_rows("job_events", "job_id = 'j1'"), 1);
  move_job(job, job_state::completed, 4000, "done");
  job.finished_at_ms = 4000;
  job.result.stdout_tail = "out";
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  EXPECT_EQ(count_rows("job_events", "job_id = 'j1'"), 2);
  EXPECT_EQ(count_rows("jobs"), 1);
  expect_same_job(*find_job(sql(), "t1", "j1"), job);
}

TEST_P(JobRepository, OlderSnapshotNeverOverwritesANewerOne) {
  // A snapshot with fewer events than stored is stale and changes nothing.
  auto job = make_job("t1", "j1");
  move_job(job, job_state::running, 3000, "allocated");
  auto older = job;
  move_job(job, job_state::completed, 4000, "done");
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  EXPECT_EQ(upsert_job(sql(), older, 1), db_status::stale);
  expect_same_job(*find_job(sql(), "t1", "j1"), job);
}

TEST_P(JobRepository, JobsAreOnlyVisibleToTheirTenant) {
  // find_job filters by tenant; another tenant cannot overwrite the job.
  ASSERT_EQ(upsert_job(sql(), make_job("t1", "j1"), 1), db_status::ok);
  EXPECT_TRUE(find_job(sql(), "t1", "j1"));
  EXPECT_FALSE(find_job(sql(), "t2", "j1"));
  EXPECT_FALSE(find_job(sql(), "t1", "j-unknown"));
  auto hijack = make_job("t2", "j1");
  hijack.status = job_state::cancelled;
  EXPECT_EQ(upsert_job(sql(), hijack, 2), db_status::duplicate);
  EXPECT_EQ(find_job(sql(), "t1", "j1")->status, job_state::pending);
}

TEST_P(JobRepository, JobOfAnUnknownTenantIsRejected) {
  // The tenant foreign key is enforced, and nothing of the job is left.
  auto job = make_job("nobody", "j1");
  move_job(job, job_state::running, 3000, "allocated");
  EXPECT_EQ(upsert_job(sql(), job, 1), db_status::foreign_key);
  EXPECT_EQ(count_rows("jobs"), 0);
  EXPECT_EQ(count_rows("job_events"), 0);
}

TEST_P(JobRepository, ChecksRejectImpossibleValues) {
  // Zero required workers or attempts cannot be stored.
  auto job = make_job("t1", "j1");
  job.spec.required_workers = 0;
  EXPECT_EQ(upsert_job(sql(), job, 1), db_status::invalid);
  job = make_job("t1", "j1");
  job.spec.max_attempts = 0;
  EXPECT_EQ(upsert_job(sql(), job, 1), db_status::invalid);
  EXPECT_EQ(count_rows("jobs"), 0);
}

TEST_P(JobRepository, SeqIsKeptFromTheFirstWrite) {
  // max_job_seq is 0 when empty and reflects submission order, not updates.
  EXPECT_EQ(max_job_seq(sql()), 0);
  auto job = make_job("t1", "j1");
  ASSERT_EQ(upsert_job(sql(), job, 5), db_status::ok);
  ASSERT_EQ(upsert_job(sql(), make_job("t1", "j2"), 3), db_status::ok);
  move_job(job, job_state::running, 3000, "allocated");
  ASSERT_EQ(upsert_job(sql(), job, 99), db_status::ok);
  EXPECT_EQ(max_job_seq(sql()), 5);
}

TEST_P(JobRepository, UnfinishedJobsLoadInSubmissionOrderWithEvents) {
  // Pending and running jobs come back ordered by seq; terminal ones do not.
  const std::pair<const char *, job_state> jobs[] = {
      {"a", job_state::running}, {"b", job_state::completed},
      {"c", job_state::pending}, {"d", job_state::cancelled},
      {"e", job_state::running}, {"f", job_state::pending}};
  const std::int64_t seqs[] = {40, 10, 20, 30, 60, 50};
  for (int i = 0; i < 6; ++i) {
    auto job = make_job(i % 2 ? "t1" : "t2", jobs[i].first);
    if (jobs[i].second != job_state::pending)
      move_job(job, job_state::running, 3000, "allocated");
    if (jobs[i].second != job.status)
      move_job(job, jobs[i].second, 4000, "moved");
    ASSERT_EQ(upsert_job(sql(), job, seqs[i]), db_status::ok);
  }
  auto loaded = load_unfinished_jobs(sql());
  std::vector<std::string> ids;
  for (const auto &job : loaded)
    ids.push_back(job.job_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"c", "a", "f", "e"}));
  EXPECT_EQ(loaded[1].events.size(), 1u);
  EXPECT_EQ(loaded[1].events[0].to, job_state::running);
  EXPECT_TRUE(loaded[0].events.empty());
}

TEST_P(JobRepository, OutputThatIsNotUtf8IsStoredWithReplacementCharacters) {
  // A tail cut mid-character still stores; the broken bytes become U+FFFD.
  auto job = make_job("t1", "j1");
  job.result = {1, "ok \xe2\x82", "\xff"};
  ASSERT_EQ(upsert_job(sql(), job, 1), db_status::ok);
  auto found = find_job(sql(), "t1", "j1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->result.exit_code, 1);
  EXPECT_EQ(found->result.stdout_tail, "ok \xef\xbf\xbd");
  EXPECT_EQ(found->result.stderr_tail, "\xef\xbf\xbd");
}

TEST_P(JobRepository, UnreadableStoredRowIsAnErrorNotACrash) {
  // A row whose JSON cannot be decoded surfaces as database_error(corrupt).
  ASSERT_EQ(upsert_job(sql(), make_job("t1", "j1"), 1), db_status::ok);
  sql() << "UPDATE jobs SET task = '{\"type\": \"teleport\"}'";
  try {
    find_job(sql(), "t1", "j1");
    FAIL() << "corrupt row decoded";
  } catch (const database_error &e) {
    EXPECT_EQ(e.status(), db_status::corrupt);
    EXPECT_EQ(std::string(e.what()), "database error: corrupt");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, JobRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
