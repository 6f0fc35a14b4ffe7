#pragma once

#include "actors/job_info.hpp"

#include <gtest/gtest.h>

#include <cstddef>

namespace orch::test {

// Every field of two job snapshots: what a persistence round trip and a job
// actor's compact record must keep.
inline void expect_same_job(const job_info &a, const job_info &b) {
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.spec.tenant_id, b.spec.tenant_id);
  EXPECT_EQ(a.spec.task_description, b.spec.task_description);
  EXPECT_EQ(a.spec.required_workers, b.spec.required_workers);
  EXPECT_EQ(a.spec.priority, b.spec.priority);
  EXPECT_EQ(a.spec.max_attempts, b.spec.max_attempts);
  EXPECT_EQ(a.spec.timeout_ms, b.spec.timeout_ms);
  EXPECT_TRUE(a.spec.task == b.spec.task) << "tasks differ";
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.attempt, b.attempt);
  EXPECT_EQ(a.waiting_reason, b.waiting_reason);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.result.exit_code, b.result.exit_code);
  EXPECT_EQ(a.result.stdout_tail, b.result.stdout_tail);
  EXPECT_EQ(a.result.stderr_tail, b.result.stderr_tail);
  EXPECT_EQ(a.worker_ids, b.worker_ids);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].at_ms, b.events[i].at_ms) << "event " << i;
    EXPECT_EQ(a.events[i].from, b.events[i].from) << "event " << i;
    EXPECT_EQ(a.events[i].to, b.events[i].to) << "event " << i;
    EXPECT_EQ(a.events[i].reason, b.events[i].reason) << "event " << i;
  }
  EXPECT_EQ(a.created_at_ms, b.created_at_ms);
  EXPECT_EQ(a.started_at_ms, b.started_at_ms);
  EXPECT_EQ(a.finished_at_ms, b.finished_at_ms);
}

} // namespace orch::test
