#pragma once

#include "api/http_types.hpp"

#include <caf/error.hpp>

namespace orch::api {

// The problem+json answer for an actor's error: each domain error (see
// actors/errors.hpp) has its status; anything else (a time-out, an actor
// gone) is 503 with Retry-After. Details of our own errors are shown; CAF's
// are not.
http_response problem_from_error(const caf::error &error);

} // namespace orch::api
