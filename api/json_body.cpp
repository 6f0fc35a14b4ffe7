#include "api/json_body.hpp"

#include "api/problem.hpp"

#include <algorithm>

namespace orch::api {

using nlohmann::json;

http_response json_response(int status, const json &body) {
  return {status, "application/json", {}, body.dump()};
}

http_response invalid_field_problem(const std::string &field,
                                    const std::string &detail) {
  return problem(422, status_title(422), detail, {{"field", field}});
}

std::variant<json, http_response>
parse_json_object(const std::string &body,
                  std::initializer_list<std::string_view> allowed) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    return invalid_field_problem("body", "the body must be a JSON object");
  for (const auto &item : parsed.items())
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
      return invalid_field_problem(item.key(),
                                   "unknown field \"" + item.key() + "\"");
  return parsed;
}

std::variant<std::string, http_response>
required_string(const json &object, const std::string &field) {
  auto found = object.find(field);
  if (found == object.end())
    return invalid_field_problem(field, field + " is required");
  if (!found->is_string())
    return invalid_field_problem(field, field + " must be a string");
  return found->get<std::string>();
}

std::variant<std::int64_t, http_response>
required_integer(const json &object, const std::string &field, std::int64_t min,
                 std::int64_t max) {
  auto found = object.find(field);
  if (found == object.end())
    return invalid_field_problem(field, field + " is required");
  auto range =
      " between " + std::to_string(min) + " and " + std::to_string(max);
  if (!found->is_number_integer())
    return invalid_field_problem(field, field + " must be an integer" + range);
  auto value = found->get<std::int64_t>();
  if (found->is_number_unsigned() &&
      found->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    value = max + 1;
  if (value < min || value > max)
    return invalid_field_problem(field, field + " must be" + range);
  return value;
}

} // namespace orch::api
