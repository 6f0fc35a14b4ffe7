#pragma once

#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace orch::api {

// An application/json answer.
http_response json_response(int status, const nlohmann::json &body);

// A 422 problem naming the request field at fault (`field` in the body).
http_response invalid_field_problem(const std::string &field,
                                    const std::string &detail);

// A request body that must be a JSON object with only `allowed` fields, or
// the 422 to answer: malformed JSON names the field "body", an unknown field
// names itself.
std::variant<nlohmann::json, http_response>
parse_json_object(const std::string &body,
                  std::initializer_list<std::string_view> allowed);

// A required string field, or the 422 naming it.
std::variant<std::string, http_response>
required_string(const nlohmann::json &object, const std::string &field);

// A required integer field in [min, max], or the 422 naming it.
std::variant<std::int64_t, http_response>
required_integer(const nlohmann::json &object, const std::string &field,
                 std::int64_t min, std::int64_t max);

} // namespace orch::api
