#pragma once

#include <caf/meta/type_name.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace orch {

enum class task_kind : std::uint8_t { noop, sleep, fail, command };

// Wire names of the task kinds, as the API and the database spell them.
constexpr std::array<std::pair<task_kind, std::string_view>, 4> task_kinds{{
    {task_kind::noop, "noop"},
    {task_kind::sleep, "sleep"},
    {task_kind::fail, "fail"},
    {task_kind::command, "command"},
}};

constexpr std::string_view to_string(task_kind kind) {
  for (const auto &[k, name] : task_kinds)
    if (k == kind)
      return name;
  return "noop";
}

constexpr std::optional<task_kind> parse_task_kind(std::string_view name) {
  for (const auto &[kind, wire] : task_kinds)
    if (wire == name)
      return kind;
  return std::nullopt;
}

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

// Every field of a task, in wire order: the one list that both the
// serialisation and the comparison use, so a field added here is sent to
// remote workers and compared, and one left out is neither.
template <class Task> auto task_fields(Task &x) {
  return std::tie(x.kind, x.sleep_ms, x.fail_message, x.retryable, x.argv,
                  x.env, x.cwd);
}

inline bool operator==(const task_spec &a, const task_spec &b) {
  return task_fields(a) == task_fields(b);
}

inline bool operator!=(const task_spec &a, const task_spec &b) {
  return !(a == b);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, task_spec &x) {
  return std::apply(
      [&](auto &...fields) {
        return f(caf::meta::type_name("task_spec"), fields...);
      },
      task_fields(x));
}

} // namespace orch
