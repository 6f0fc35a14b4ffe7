#include "persistence/json_codec.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace orch::persistence {

namespace {

using json = nlohmann::json;

// Thrown by a decoder for valid JSON of the wrong shape.
struct unreadable {};

std::string dump(const json &j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Runs a decoder; any shape or type mismatch means the text is unreadable.
template <class F>
auto decode(const std::string &text, F &&read)
    -> std::optional<decltype(read(json()))> {
  try {
    return read(json::parse(text));
  } catch (const json::exception &) {
    return std::nullopt;
  } catch (const unreadable &) {
    return std::nullopt;
  }
}

orch::task_kind parse_kind(const std::string &name) {
  if (auto kind = orch::parse_task_kind(name))
    return *kind;
  throw unreadable{};
}

std::string encode_any_task(const orch::task_spec &task) {
  json j;
  j["type"] = orch::to_string(task.kind);
  if (task.kind == orch::task_kind::sleep)
    j["ms"] = task.sleep_ms;
  if (task.kind == orch::task_kind::fail) {
    j["message"] = task.fail_message;
    j["retryable"] = task.retryable;
  }
  if (task.kind == orch::task_kind::command) {
    j["argv"] = task.argv;
    j["env"] = task.env;
    j["cwd"] = task.cwd;
  }
  return dump(j);
}

std::string encode_any_result(const orch::job_result &result) {
  return dump({{"exit_code", result.exit_code},
               {"stdout", result.stdout_tail},
               {"stderr", result.stderr_tail}});
}

} // namespace

std::optional<orch::task_spec> decode_task(const std::string &text) {
  return decode(text, [](const json &j) {
    orch::task_spec task;
    task.kind = parse_kind(j.at("type").get<std::string>());
    task.sleep_ms = j.value("ms", std::int64_t{0});
    task.fail_message = j.value("message", std::string());
    task.retryable = j.value("retryable", true);
    task.argv = j.value("argv", std::vector<std::string>());
    task.env = j.value("env", std::map<std::string, std::string>());
    task.cwd = j.value("cwd", std::string());
    return task;
  });
}

// A noop task and an empty result are what most job snapshots carry: each
// is encoded once (nlohmann's dump cost about 19,000 instructions a job).
std::string encode_task(const orch::task_spec &task) {
  static const std::string noop = encode_any_task({});
  return task.kind == orch::task_kind::noop ? noop : encode_any_task(task);
}

std::string encode_result(const orch::job_result &result) {
  static const std::string empty = encode_any_result({});
  bool is_empty = result.exit_code == 0 && result.stdout_tail.empty() &&
                  result.stderr_tail.empty();
  return is_empty ? empty : encode_any_result(result);
}

std::optional<orch::job_result> decode_result(const std::string &text) {
  return decode(text, [](const json &j) {
    orch::job_result result;
    result.exit_code = j.at("exit_code").get<std::int32_t>();
    result.stdout_tail = j.at("stdout").get<std::string>();
    result.stderr_tail = j.at("stderr").get<std::string>();
    return result;
  });
}

std::string encode_strings(const std::vector<std::string> &values) {
  return dump(values);
}

std::optional<std::vector<std::string>>
decode_strings(const std::string &text) {
  return decode(
      text, [](const json &j) { return j.get<std::vector<std::string>>(); });
}

std::string encode_steps(const std::vector<workflow_step> &steps) {
  auto j = json::array();
  for (const auto &step : steps)
    j.push_back({{"name", step.name},
                 {"status", step.status},
                 {"attempts", step.attempts},
                 {"error", step.error}});
  return dump(j);
}

std::optional<std::vector<workflow_step>>
decode_steps(const std::string &text) {
  return decode(text, [](const json &j) {
    if (!j.is_array())
      throw unreadable{};
    std::vector<workflow_step> steps;
    for (const auto &item : j)
      steps.push_back({item.at("name").get<std::string>(),
                       item.at("status").get<std::string>(),
                       item.at("attempts").get<std::int32_t>(),
                       item.at("error").get<std::string>()});
    return steps;
  });
}

} // namespace orch::persistence
