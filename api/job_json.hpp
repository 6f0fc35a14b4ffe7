#pragma once

#include "actors/job_info.hpp"
#include "actors/job_spec.hpp"
#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <variant>

namespace orch::api {

// A job as the API shows it (DESIGN.md §5): times as RFC 3339 UTC strings
// (null when not yet), the task, result and event log.
nlohmann::json job_to_json(const job_info &job);

// A submit body (parsed, or discarded when it was not JSON) as a job spec
// of `tenant_id` (from the token, never from the body), or the 422 problem
// naming the offending field: not a JSON object, a field of the wrong type
// or out of range, an unknown field, or one the server sets itself
// (tenant_id, status, attempt, ...). The `idempotency_key` field is left to
// keyed_request_of (api/idempotency_key.hpp).
using parsed_spec = std::variant<job_spec, http_response>;
parsed_spec parse_job_spec(const nlohmann::json &body,
                           const std::string &tenant_id);

} // namespace orch::api
