#include "api/job_json.hpp"

#include "api/idempotency_key.hpp"
#include "api/json_body.hpp"
#include "api/task_spec_parser.hpp"

#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace orch::api {

namespace {

using nlohmann::json;

// Fields the server sets itself: a client sending one is told so.
const std::set<std::string> server_fields = {
    "job_id",     "tenant_id",  "status",      "attempt",
    "worker_ids", "result",     "events",      "error",
    "created_at", "started_at", "finished_at", "waiting_reason"};

// Reads one field into the spec; an error text when the value is invalid.
using field_reader =
    std::function<std::optional<std::string>(const json &, job_spec &)>;

std::optional<std::string> read_int(const json &v, std::int64_t low,
                                    std::int64_t high, std::int64_t &out) {
  if (!v.is_number_integer())
    return "must be an integer";
  auto n = v.get<std::int64_t>();
  if (n < low || n > high)
    return "must be between " + std::to_string(low) + " and " +
           std::to_string(high);
  out = n;
  return std::nullopt;
}

template <class T>
field_reader int_field(T job_spec::*member, std::int64_t low,
                       std::int64_t high) {
  return [=](const json &v, job_spec &spec) -> std::optional<std::string> {
    std::int64_t n = 0;
    if (auto bad = read_int(v, low, high, n))
      return bad;
    spec.*member = static_cast<T>(n);
    return std::nullopt;
  };
}

std::optional<std::string> read_description(const json &v, job_spec &spec) {
  if (!v.is_string() || v.get<std::string>().size() > 1024)
    return "must be a string of at most 1024 bytes";
  spec.task_description = v.get<std::string>();
  return std::nullopt;
}

const std::map<std::string, field_reader> &spec_fields();

} // namespace

parsed_spec parse_job_spec(const json &doc, const std::string &tenant_id) {
  if (doc.is_discarded() || !doc.is_object())
    return invalid_field_problem("body", "must be a JSON object");
  job_spec spec;
  spec.tenant_id = tenant_id;
  for (const auto &[name, value] : doc.items()) {
    if (server_fields.count(name))
      return invalid_field_problem(name, "is set by the server");
    auto reader = spec_fields().find(name);
    if (reader == spec_fields().end())
      return invalid_field_problem(name, "is not a field of a job");
    if (auto bad = reader->second(value, spec))
      return invalid_field_problem(name, *bad);
  }
  if (!doc.contains("task"))
    return invalid_field_problem("task", "is required");
  std::string task_field;
  if (auto bad = read_task(doc["task"], spec.task, task_field))
    return invalid_field_problem(task_field, *bad);
  return spec;
}

namespace {

const std::map<std::string, field_reader> &spec_fields() {
  static const std::map<std::string, field_reader> fields = {
      {"task_description", read_description},
      {"task", [](const json &, job_spec &) { return std::nullopt; }},
      {std::string(key_field),
       [](const json &, job_spec &) { return std::nullopt; }},
      {"required_workers", int_field(&job_spec::required_workers, 1, 1024)},
      {"priority", int_field(&job_spec::priority, -1000, 1000)},
      {"max_attempts", int_field(&job_spec::max_attempts, 1, 100)},
      {"timeout_ms", int_field(&job_spec::timeout_ms, 0,
                               std::numeric_limits<std::int32_t>::max())},
  };
  return fields;
}

} // namespace

} // namespace orch::api
