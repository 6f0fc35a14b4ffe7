#include "actors/job_record.hpp"

#include <gtest/gtest.h>

#include <string>

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
  EXPECT_EQ(got.job_id, expected.job_id);
  EXPECT_EQ(got.seq, expected.seq);
  EXPECT_EQ(got.spec.tenant_id, expected.spec.tenant_id);
  EXPECT_EQ(got.spec.task_description, expected.spec.task_description);
  EXPECT_EQ(got.spec.required_workers, expected.spec.required_workers);
  EXPECT_EQ(got.spec.priority, expected.spec.priority);
  EXPECT_EQ(got.spec.max_attempts, expected.spec.max_attempts);
  EXPECT_EQ(got.spec.timeout_ms, expected.spec.timeout_ms);
  EXPECT_EQ(got.spec.task.kind, expected.spec.task.kind);
  EXPECT_EQ(got.spec.task.argv, expected.spec.task.argv);
  EXPECT_EQ(got.spec.task.env, expected.spec.task.env);
  EXPECT_EQ(got.spec.task.cwd, expected.spec.task.cwd);
  EXPECT_EQ(got.status, expected.status);
  EXPECT_EQ(got.attempt, expected.attempt);
  EXPECT_EQ(got.error, expected.error);
  EXPECT_EQ(got.result.exit_code, expected.result.exit_code);
  EXPECT_EQ(got.result.stdout_tail, expected.result.stdout_tail);
  EXPECT_EQ(got.result.stderr_tail, expected.result.stderr_tail);
  EXPECT_EQ(got.worker_ids, expected.worker_ids);
  ASSERT_EQ(got.events.size(), expected.events.size());
  EXPECT_EQ(got.events[1].reason, expected.events[1].reason);
  EXPECT_EQ(got.events[1].to, expected.events[1].to);
  EXPECT_EQ(got.created_at_ms, expected.created_at_ms);
  EXPECT_EQ(got.started_at_ms, expected.started_at_ms);
  EXPECT_EQ(got.finished_at_ms, expected.finished_at_ms);
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

// A task that differs from the default in any field is kept, not dropped.
TEST(JobRecord, NonDefaultTaskIsKept) {
  auto info = pending_noop();
  info.spec.task.retryable = false;
  auto record = job_record::from(std::move(info));
  ASSERT_NE(record.task, nullptr);
  EXPECT_FALSE(record.snapshot().spec.task.retryable);
}

} // namespace
} // namespace orch
