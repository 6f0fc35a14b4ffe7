#include "actors/job_state.hpp"

#include "actors/state_names.hpp"

namespace orch {

std::string_view to_string(job_state s) {
  switch (s) {
  case job_state::pending:
    return "pending";
  case job_state::running:
    return "running";
  case job_state::completed:
    return "completed";
  case job_state::failed:
    return "failed";
  case job_state::cancelled:
    return "cancelled";
  case job_state::timed_out:
    return "timed_out";
  }
  // Only reached for a value cast from outside the enum.
  return "unknown";
}

std::optional<job_state> parse_job_state(std::string_view name) {
  return parse_state_name(all_job_states(), name);
}

transition_result<job_state> transition(job_state from, job_state to) {
  return state_machine<job_traits>::transition(from, to);
}

} // namespace orch
