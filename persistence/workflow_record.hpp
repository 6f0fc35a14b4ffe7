#pragma once

#include "actors/workflow_state.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace orch::persistence {

// One step of a workflow execution. Step statuses are the workflow's own
// vocabulary (e.g. "pending", "running", "completed", "failed"), kept as text.
struct workflow_step {
  std::string name;
  std::string status;
  std::int32_t attempts = 0;
  std::string error;

  friend bool operator==(const workflow_step &a, const workflow_step &b) {
    return a.name == b.name && a.status == b.status &&
           a.attempts == b.attempts && a.error == b.error;
  }
};

// A `workflow_executions` row (DESIGN.md §5 workflow shape).
struct workflow_record {
  std::string workflow_id;
  std::string tenant_id;
  std::string kind; // e.g. "provision_tenant"
  orch::workflow_status status = orch::workflow_status::running;
  std::string current_step; // empty: none yet
  std::int32_t attempt = 0;
  std::vector<workflow_step> steps;
  std::string error;
  std::int64_t started_at_ms = 0;
  std::int64_t finished_at_ms = 0; // 0: not yet
};

} // namespace orch::persistence
