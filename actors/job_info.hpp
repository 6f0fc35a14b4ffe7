#pragma once

#include "actors/job_spec.hpp"
#include "actors/job_state.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orch {

// One transition of a job, kept so a user can see why a job is where it is.
struct job_event {
  std::int64_t at_ms = 0; // milliseconds since the Unix epoch
  job_state from = job_state::pending;
  job_state to = job_state::pending;
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_event &x) {
  return f(caf::meta::type_name("job_event"), x.at_ms, x.from, x.to, x.reason);
}

// What a job's last attempt produced (commands: exit code and output tails).
struct job_result {
  std::int32_t exit_code = 0;
  std::string stdout_tail;
  std::string stderr_tail;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_result &x) {
  return f(caf::meta::type_name("job_result"), x.exit_code, x.stdout_tail,
           x.stderr_tail);
}

// A job as its actor sees it: the snapshot that is persisted and answered.
struct job_info {
  std::string job_id;
  // Submission order, assigned by the supervisor; pending jobs are queued
  // again in this order after a restart.
  std::int64_t seq = 0;
  job_spec spec;
  job_state status = job_state::pending;
  std::int32_t attempt = 1;
  std::string waiting_reason;
  std::string error;
  job_result result;
  std::vector<std::string> worker_ids;
  std::vector<job_event> events;
  std::int64_t created_at_ms = 0;
  std::int64_t started_at_ms = 0;  // 0: not yet
  std::int64_t finished_at_ms = 0; // 0: not yet
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_info &x) {
  return f(caf::meta::type_name("job_info"), x.job_id, x.seq, x.spec, x.status,
           x.attempt, x.waiting_reason, x.error, x.result, x.worker_ids,
           x.events, x.created_at_ms, x.started_at_ms, x.finished_at_ms);
}

} // namespace orch
