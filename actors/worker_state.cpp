#include "actors/worker_state.hpp"

#include "actors/state_names.hpp"

namespace orch {

std::string_view to_string(worker_state s) {
  switch (s) {
  case worker_state::idle:
    return "idle";
  case worker_state::busy:
    return "busy";
  case worker_state::draining:
    return "draining";
  case worker_state::paused:
    return "paused";
  case worker_state::failed:
    return "failed";
  case worker_state::terminated:
    return "terminated";
  }
  // Only reached for a value cast from outside the enum.
  return "unknown";
}

std::optional<worker_state> parse_worker_state(std::string_view name) {
  return parse_state_name(all_worker_states(), name);
}

transition_result<worker_state> transition(worker_state from, worker_state to) {
  return state_machine<worker_traits>::transition(from, to);
}

} // namespace orch
