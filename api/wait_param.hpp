#pragma once

#include "api/http_types.hpp"

#include <cstdint>
#include <variant>

namespace orch::api {

// The longest wait a reader may ask for (`?wait_ms=` on GET of a workflow or
// a job): well inside Pistache 0.0.5's 60 s, after which it answers 408 to a
// connection whose request is still being handled.
inline constexpr std::int64_t max_wait_ms = 30000;

// The request's `wait_ms` query parameter (0 when absent), or the 422 naming
// it when it is not a whole number from 0 to max_wait_ms.
std::variant<std::int64_t, http_response> wait_of(const http_request &request);

} // namespace orch::api
