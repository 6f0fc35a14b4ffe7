#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace orch {

enum class task_kind : std::uint8_t { noop, sleep, fail, command };

// What one job part runs (DESIGN.md §4). Crosses the wire to remote workers.
struct task_spec {
  task_kind kind = task_kind::noop;
  std::int64_t sleep_ms = 0;              // sleep
  std::string fail_message;               // fail
  bool retryable = true;                  // fail
  std::vector<std::string> argv;          // command
  std::map<std::string, std::string> env; // command
  std::string cwd;                        // command
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, task_spec &x) {
  return f(caf::meta::type_name("task_spec"), x.kind, x.sleep_ms,
           x.fail_message, x.retryable, x.argv, x.env, x.cwd);
}

} // namespace orch
