#pragma once

#include "actors/task_spec.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace orch::api {

// Reads a submit body's `task` object: {"kind": "noop" | "sleep" | "fail" |
// "command", "sleep_ms", "message", "retryable", "argv", "env", "cwd"}, only
// the fields of its kind. On error, `field` names the offending field (as
// "task.argv") and the result says what is wrong.
std::optional<std::string> read_task(const nlohmann::json &value,
                                     task_spec &task, std::string &field);

} // namespace orch::api
