#pragma once

#include "api/http_types.hpp"

#include <caf/error.hpp>

#include <string_view>

namespace orch::api {

// The problem+json answer for an actor's error: each domain error (see
// actors/errors.hpp) has its status; anything else (a time-out, an actor
// gone) is 503 with Retry-After. Details of our own errors are shown; CAF's
// are not. A reused idempotency key is a 422 naming `key_given_as`, the
// header or body field the client sent the key in.
http_response
problem_from_error(const caf::error &error,
                   std::string_view key_given_as = "Idempotency-Key");

} // namespace orch::api
