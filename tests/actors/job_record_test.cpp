#include "actors/job_record.hpp"
#include "tests/support/same_job.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace orch {
namespace {

job_info pending_noop() {
  job_info info;
  info.job_id = "job-aZ3_k9Q-x2B";
  info.seq = 7;
  info.spec.tenant_id = "t1";
  info.spec.task_description = "noop";
  info.spec.priority = 3;
  info.created_at_ms = 1000;
  return info;
}

job_info finished_command() {
  auto info = pending_noop();
  info.spec.required_workers = 2;
  info.spec.max_attempts = 5;
  info.spec.timeout_ms = 250;
  info.spec.task.kind = task_kind::command;
  info.spec.task.argv = {"/bin/echo", "hi"};
  info.spec.task.env = {{"A", "1"}};
  info.spec.task.cwd = "/tmp";
  info.status = job_state::failed;
  info.attempt = 2;
  info.error = "part 1 on w-2: exit 3";
  info.result = {3, "out", "err"};
  info.worker_ids = {"w-1", "w-2"};
  info.events = {{1100, job_state::pending, job_state::running, "started"},
                 {1200, job_state::running, job_state::failed, "exit 3"}};
  info.started_at_ms = 1100;
  info.finished_at_ms = 1200;
  return info;
}

// A job's snapshot gives back every field it was recorded from, task and
// history included.
TEST(JobRecord, SnapshotGivesBackEveryField) {
  auto expected = finished_command();
  auto record = job_record::from(finished_command());
  auto got = record.snapshot();
  test::expect_same_job(got, expected);
  EXPECT_EQ(got.seq, expected.seq);
}

// A pending noop job allocates neither a task nor a history: that is what
// keeps a million pending jobs under 2 GiB.
TEST(JobRecord, PendingNoopCarriesNoTaskOrHistory) {
  auto record = job_record::from(pending_noop());
  EXPECT_EQ(record.task, nullptr);
  EXPECT_EQ(record.history, nullptr);
  EXPECT_EQ(record.task_or_default().kind, task_kind::noop);
  EXPECT_EQ(record.snapshot().spec.priority, 3);
}

// A task that differs from the default in any one field is kept, not
// dropped as a default noop.
TEST(JobRecord, NonDefaultTaskIsKept) {
  std::vector<void (*)(task_spec &)> changes = {
      [](task_spec &t) { t.kind = task_kind::sleep; },
      [](task_spec &t) { t.sleep_ms = 5; },
      [](task_spec &t) { t.fail_message = "boom"; },
      [](task_spec &t) { t.retryable = false; },
      [](task_spec &t) { t.argv = {"/bin/true"}; },
      [](task_spec &t) {
        t.env = {{"A", "1"}};
      },
      [](task_spec &t) { t.cwd = "/tmp"; },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto info = pending_noop();
    changes[i](info.spec.task);
    auto expected = info.spec.task;
    auto record = job_record::from(std::move(info));
    ASSERT_NE(record.task, nullptr) << "change " << i;
    EXPECT_TRUE(record.snapshot().spec.task == expected) << "change " << i;
  }
}

// Tasks compare equal exactly when every field does.
TEST(TaskSpec, EqualityLooksAtEveryField) {
  task_spec a;
  task_spec b;
  EXPECT_TRUE(a == b);
  b.env = {{"A", "1"}};
  EXPECT_TRUE(a != b);
  a.env = b.env;
  EXPECT_TRUE(a == b);
}

} // namespace
} // namespace orch
