#include "api/task_spec_parser.hpp"

#include <map>
#include <set>

namespace orch::api {

namespace {

using nlohmann::json;

// The fields each kind accepts besides `kind`.
const std::map<task_kind, std::set<std::string>> kind_fields = {
    {task_kind::noop, {}},
    {task_kind::sleep, {"sleep_ms"}},
    {task_kind::fail, {"message", "retryable"}},
    {task_kind::command, {"argv", "env", "cwd"}}};

bool is_string_array(const json &v) {
  if (!v.is_array() || v.empty())
    return false;
  for (const auto &item : v)
    if (!item.is_string())
      return false;
  return true;
}

bool is_string_map(const json &v) {
  if (!v.is_object())
    return false;
  for (const auto &[key, item] : v.items())
    if (!item.is_string())
      return false;
  return true;
}

std::optional<std::string> read_field(const std::string &name, const json &v,
                                      task_spec &task) {
  if (name == "sleep_ms") {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
        v.get<std::int64_t>() > 86400000)
      return "must be an integer between 0 and 86400000";
    task.sleep_ms = v.get<std::int64_t>();
  } else if (name == "message" || name == "cwd") {
    if (!v.is_string())
      return "must be a string";
    (name == "message" ? task.fail_message : task.cwd) = v.get<std::string>();
  } else if (name == "retryable") {
    if (!v.is_boolean())
      return "must be true or false";
    task.retryable = v.get<bool>();
  } else if (name == "argv") {
    if (!is_string_array(v))
      return "must be a non-empty array of strings";
    task.argv = v.get<std::vector<std::string>>();
  } else if (name == "env") {
    if (!is_string_map(v))
      return "must be an object of strings";
    task.env = v.get<std::map<std::string, std::string>>();
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> read_task(const json &value, task_spec &task,
                                     std::string &field) {
  field = "task";
  if (!value.is_object())
    return "must be an object";
  field = "task.kind";
  auto kind_value = value.find("kind");
  auto kind = kind_value == value.end() || !kind_value->is_string()
                  ? std::nullopt
                  : parse_task_kind(kind_value->get<std::string>());
  if (!kind)
    return "must be one of noop, sleep, fail, command";
  task.kind = *kind;
  for (const auto &[name, item] : value.items()) {
    if (name == "kind")
      continue;
    field = "task." + name;
    if (!kind_fields.at(task.kind).count(name))
      return "is not a field of a " + kind_value->get<std::string>() + " task";
    if (auto bad = read_field(name, item, task))
      return bad;
  }
  if (task.kind == task_kind::command && task.argv.empty()) {
    field = "task.argv";
    return "is required for a command task";
  }
  return std::nullopt;
}

} // namespace orch::api
