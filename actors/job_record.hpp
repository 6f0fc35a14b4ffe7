#pragma once

#include "actors/job_info.hpp"

#include <memory>

namespace orch {

// What a job records from its first run on: empty for a job that never ran,
// so a pending job carries one null pointer instead of these fields.
struct job_history {
  std::string waiting_reason;
  std::string error;
  job_result result;
  std::vector<std::string> worker_ids;
  std::vector<job_event> events;
};

// A job as its actor holds it: the fields of job_info, with the task and the
// history allocated only when they are not empty. A million pending jobs are
// held at once (DESIGN.md §8), so every byte of a pending job counts; the
// full job_info is built when someone asks for it.
struct job_record {
  std::string job_id;
  std::string tenant_id;
  std::string task_description;
  std::int64_t seq = 0;
  std::int64_t created_at_ms = 0;
  std::int64_t started_at_ms = 0;
  std::int64_t finished_at_ms = 0;
  std::int64_t timeout_ms = 0;
  std::int32_t attempt = 1;
  std::int32_t required_workers = 1;
  std::int32_t priority = 0;
  std::int32_t max_attempts = 3;
  job_state status = job_state::pending;
  // Null: the default task (noop without arguments).
  std::unique_ptr<const task_spec> task;
  std::unique_ptr<job_history> history;

  static job_record from(job_info &&info);
  job_info snapshot() const;

  const task_spec &task_or_default() const;
  // The history, created on first use.
  job_history &record_history();
};

} // namespace orch
