#pragma once

#include "api/http_types.hpp"

#include <optional>
#include <string>
#include <variant>

namespace orch::api {

// The request's Idempotency-Key header: nothing when absent, the key when it
// is 1 to 255 printable ASCII characters, otherwise the 422 naming it.
std::variant<std::optional<std::string>, http_response>
idempotency_key_of(const http_request &request);

// A request body's fingerprint: the SHA-256 (hex) of its canonical JSON
// (parsed and dumped again, so key order and spacing do not matter). `body`
// must be valid JSON.
std::string request_fingerprint(const std::string &body);

} // namespace orch::api
