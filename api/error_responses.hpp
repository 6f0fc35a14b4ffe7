#pragma once

#include "api/http_types.hpp"

#include <caf/error.hpp>

namespace orch::api {

// How long a client should wait before retrying a 429 or 503, in seconds.
inline constexpr int retry_after_seconds = 1;

// The problem+json answer for an actor's error: orch_errc codes map to their
// HTTP statuses (not_found 404, invalid_transition 409, quota_exceeded 429
// with Retry-After, invalid_argument 422, unavailable 503 with Retry-After,
// ...); an actor that did not answer within the deadline is a 503 with
// Retry-After; anything else a 500 without internals.
http_response problem_for(const caf::error &error);

} // namespace orch::api
