#include "actors/workflow_state.hpp"

#include "actors/state_names.hpp"

namespace orch {

std::string_view to_string(workflow_status s) {
  switch (s) {
  case workflow_status::running:
    return "running";
  case workflow_status::completed:
    return "completed";
  case workflow_status::failed:
    return "failed";
  }
  // Only reached for a value cast from outside the enum.
  return "unknown";
}

std::optional<workflow_status> parse_workflow_status(std::string_view name) {
  return parse_state_name(all_workflow_statuses(), name);
}

transition_result<workflow_status> transition(workflow_status from,
                                              workflow_status to) {
  return state_machine<workflow_traits>::transition(from, to);
}

} // namespace orch
