#pragma once

#include "actors/worker_state.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace orch {

// A worker as operators see it (DESIGN.md §5 worker shape).
struct worker_info {
  std::string worker_id;
  worker_state status = worker_state::idle;
  std::string node = "local";
  std::string current_job_id; // empty when no job part runs
  std::string allocation_id;  // empty unless held by an allocation
  std::int64_t jobs_completed = 0;
  std::int64_t last_heartbeat_ms = 0;
  // The lease of the last assignment the worker saw, echoed back so the
  // supervisor can tell a report sent before a newer hold from one after.
  std::uint64_t lease = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, worker_info &x) {
  return f(caf::meta::type_name("worker_info"), x.worker_id, x.status, x.node,
           x.current_job_id, x.allocation_id, x.jobs_completed,
           x.last_heartbeat_ms, x.lease);
}

} // namespace orch
