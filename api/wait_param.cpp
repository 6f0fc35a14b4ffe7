#include "api/wait_param.hpp"

#include "api/json_body.hpp"

#include <charconv>

namespace orch::api {

std::variant<std::int64_t, http_response> wait_of(const http_request &request) {
  auto found = request.query.find("wait_ms");
  if (found == request.query.end())
    return std::int64_t{0};
  const auto &text = found->second;
  std::int64_t value = -1;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > max_wait_ms)
    return invalid_field_problem("wait_ms", "wait_ms must be a whole number of "
                                            "milliseconds from 0 to 30000");
  return value;
}

} // namespace orch::api
