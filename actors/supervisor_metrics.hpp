#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace orch {

// A point-in-time view of the runtime for operators and /metrics.
struct supervisor_metrics {
  std::map<std::string, std::int64_t> workers_by_state; // wire name -> count
  std::map<std::string, std::int64_t> jobs_by_state;    // live jobs
  std::int64_t queue_depth = 0;
  std::int64_t jobs_submitted = 0;
  std::int64_t jobs_completed = 0;
  std::int64_t jobs_failed = 0;
  // Jobs that reached each terminal state since the process started.
  std::map<std::string, std::int64_t> jobs_ended_by_state;
  double completed_per_second = 0; // over the last few seconds
  // Idempotency keys of submits and allocates held in memory (24 h each).
  std::int64_t idempotency_keys = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, supervisor_metrics &x) {
  return f(caf::meta::type_name("supervisor_metrics"), x.workers_by_state,
           x.jobs_by_state, x.queue_depth, x.jobs_submitted, x.jobs_completed,
           x.jobs_failed, x.jobs_ended_by_state, x.completed_per_second,
           x.idempotency_keys);
}

} // namespace orch
