#pragma once

#include "actors/task_spec.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace orch {

// One part of a job handed to one worker. For the job, `attempt` is the
// lease: a report carrying an older attempt is stale and ignored. For the
// supervisor, `lease` numbers the worker's hold for this part (each hold of a
// worker gets a higher one); the worker echoes it in its state reports.
struct job_part {
  std::string job_id;
  std::int32_t attempt = 1;
  std::int32_t part_index = 0;
  std::int32_t part_count = 1;
  std::int64_t timeout_ms = 0;
  task_spec task;
  std::uint64_t lease = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_part &x) {
  return f(caf::meta::type_name("job_part"), x.job_id, x.attempt, x.part_index,
           x.part_count, x.timeout_ms, x.task, x.lease);
}

enum class part_outcome : std::uint8_t {
  succeeded,
  failed,    // the task failed; `retryable` says whether to try again
  cancelled, // stopped on request; never counts as the job's own failure
  lost,      // the worker went away (terminated, crashed, node lost)
};

// A worker's report on a part it ran.
struct part_report {
  std::string job_id;
  std::int32_t attempt = 1;
  std::int32_t part_index = 0;
  std::string worker_id;
  part_outcome outcome = part_outcome::succeeded;
  bool retryable = true;
  std::string error;
  std::int32_t exit_code = 0;
  std::string stdout_tail;
  std::string stderr_tail;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, part_report &x) {
  return f(caf::meta::type_name("part_report"), x.job_id, x.attempt,
           x.part_index, x.worker_id, x.outcome, x.retryable, x.error,
           x.exit_code, x.stdout_tail, x.stderr_tail);
}

} // namespace orch
