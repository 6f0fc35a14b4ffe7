#pragma once

#include "actors/idempotency.hpp"
#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace orch::api {

// Where a request's idempotency key may come from (DESIGN.md §4): the
// header, or this field of the body.
inline constexpr std::string_view key_header = "Idempotency-Key";
inline constexpr std::string_view key_field = "idempotency_key";

// A request's idempotency key, the body's fingerprint, and the name the
// client gave the key under (for the 422 when the key was used before with
// another body).
struct keyed_request {
  idempotent_request request;
  std::string given_as;
};

// The key of a request whose body `body` is a JSON object: from the
// Idempotency-Key header or the body's `idempotency_key` field; nothing
// when neither is given. A key must be 1 to 255 printable ASCII characters,
// and when both are given they must be equal; otherwise the 422 naming the
// header or the field. The fingerprint is the SHA-256 (hex) of the body's
// canonical JSON (key order and spacing do not matter) without the
// `idempotency_key` field, so a retry may carry its key either way.
std::variant<std::optional<keyed_request>, http_response>
keyed_request_of(const http_request &request, const nlohmann::json &body);

} // namespace orch::api
