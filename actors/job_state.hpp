#pragma once

#include "actors/state_machine.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace orch {

// DESIGN.md §3, Job.
enum class job_state {
  pending,
  running,
  completed,
  failed,
  cancelled,
  timed_out
};

std::string_view to_string(job_state s);
std::optional<job_state> parse_job_state(std::string_view name);

constexpr std::array<job_state, 6> all_job_states() {
  return {job_state::pending, job_state::running,   job_state::completed,
          job_state::failed,  job_state::cancelled, job_state::timed_out};
}

constexpr bool is_terminal(job_state s) {
  return s == job_state::completed || s == job_state::failed ||
         s == job_state::cancelled || s == job_state::timed_out;
}

struct job_traits {
  using state = job_state;
  static constexpr std::string_view name = "job";
  static constexpr std::array<transition_row<job_state>, 7> table{{
      {job_state::pending, job_state::running},
      {job_state::running, job_state::completed},
      {job_state::running, job_state::failed},
      // A retry: the job waits for workers again with attempt + 1.
      {job_state::running, job_state::pending},
      {job_state::running, job_state::timed_out},
      {job_state::pending, job_state::cancelled},
      {job_state::running, job_state::cancelled},
  }};
};

using job_machine = machine<job_traits>;

transition_result<job_state> transition(job_state from, job_state to);

} // namespace orch
