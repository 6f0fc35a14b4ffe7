#pragma once

#include "actors/state_machine.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace orch {

// DESIGN.md §3, Workflow execution (one `workflow_executions` row).
enum class workflow_status { running, completed, failed };

std::string_view to_string(workflow_status s);
std::optional<workflow_status> parse_workflow_status(std::string_view name);

constexpr std::array<workflow_status, 3> all_workflow_statuses() {
  return {workflow_status::running, workflow_status::completed,
          workflow_status::failed};
}

// DESIGN.md lists only the states. Decision: an execution only finishes, once;
// a finished execution never changes again, and provisioning a tenant again
// creates a new execution instead of reopening the old one.
struct workflow_traits {
  using state = workflow_status;
  static constexpr std::string_view name = "workflow";
  static constexpr std::array<transition_row<workflow_status>, 2> table{{
      {workflow_status::running, workflow_status::completed},
      {workflow_status::running, workflow_status::failed},
  }};
};

using workflow_machine = machine<workflow_traits>;

transition_result<workflow_status> transition(workflow_status from,
                                              workflow_status to);

} // namespace orch
