#pragma once

#include "api/http_types.hpp"
#include "api/jwt.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace orch::api {

// The detail of every 401: a client learns nothing about why its token was
// refused (DESIGN.md §5, §6).
inline constexpr std::string_view invalid_credentials_detail =
    "Invalid authentication credentials";

// The issuer this server writes into its tokens and requires in them.
inline constexpr std::string_view token_issuer = "orchestrator";

struct authentication_settings {
  // The HMAC key (see signing_key.hpp), used byte for byte.
  std::string key;
  std::string issuer = std::string(token_issuer);
  // How far `exp` and `iat` may be off, for clocks that drift a little.
  std::int64_t leeway_seconds = 30;
  // Seconds since the Unix epoch; injected so tests control time.
  std::function<std::int64_t()> now_seconds = system_now_seconds;

  static std::int64_t system_now_seconds();
};

// The caller's verified claims, or the response to send instead.
using authentication_result = std::variant<jwt::claims, http_response>;

// Turns a request's `Authorization: Bearer <token>` header into the caller's
// claims. The tenant a request acts for comes from these claims only.
class authenticator {
public:
  explicit authenticator(authentication_settings settings);

  // The claims of a valid token; otherwise a 401 problem with detail
  // `Invalid authentication credentials` and `WWW-Authenticate: Bearer`,
  // whatever was wrong (no header, another scheme, a bad token).
  authentication_result authenticate(const http_request &request) const;

  // authenticate(), then require_scope() for `scope`.
  authentication_result authorize(const http_request &request,
                                  std::string_view scope) const;

  const authentication_settings &settings() const { return settings_; }

private:
  authentication_settings settings_;
};

// The 401 answer for missing or invalid credentials.
http_response unauthorized();

// Nothing when the token grants `scope`; otherwise a 403 problem naming it.
std::optional<http_response> require_scope(const jwt::claims &claims,
                                           std::string_view scope);

// The token of an `Authorization` header value "Bearer <token>" (the scheme
// in any case, RFC 9110 §11.1), or nothing for anything else.
std::optional<std::string_view> bearer_token(std::string_view header_value);

} // namespace orch::api
