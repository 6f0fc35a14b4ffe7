#pragma once

#include "actors/workflow_state.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orch {

// Statuses of one step of a workflow execution.
namespace step_status {
inline constexpr const char *pending = "pending";
inline constexpr const char *running = "running";
// An attempt failed and another follows after the backoff.
inline constexpr const char *retrying = "retrying";
inline constexpr const char *completed = "completed";
inline constexpr const char *failed = "failed";
} // namespace step_status

// One step of a workflow execution (DESIGN.md §5 workflow shape).
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

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, workflow_step &x) {
  return f(caf::meta::type_name("workflow_step"), x.name, x.status, x.attempts,
           x.error);
}

// One workflow execution: a `workflow_executions` row.
struct workflow_info {
  std::string workflow_id;
  std::string tenant_id;
  std::string kind; // "provision_tenant"
  workflow_status status = workflow_status::running;
  std::string current_step; // empty: none started yet
  std::int32_t attempt = 0; // of the current step
  std::vector<workflow_step> steps;
  std::string error;
  std::int64_t started_at_ms = 0;
  std::int64_t finished_at_ms = 0; // 0: not yet
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, workflow_info &x) {
  return f(caf::meta::type_name("workflow_info"), x.workflow_id, x.tenant_id,
           x.kind, x.status, x.current_step, x.attempt, x.steps, x.error,
           x.started_at_ms, x.finished_at_ms);
}

// The kind of the executions that bring a tenant to ready.
inline constexpr const char *provision_tenant_kind = "provision_tenant";

} // namespace orch
