#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

// JSON Web Tokens signed with HS256 (HMAC-SHA256, RFC 7519 and 7515), written
// on OpenSSL 3 so that the server, never the token, decides the algorithm.
namespace orch::api::jwt {

// What a token says. Times are seconds since the Unix epoch.
struct claims {
  std::string sub;   // the user id
  std::string tid;   // the tenant id
  std::string scope; // space separated, e.g. "jobs:read jobs:write"
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::string iss;

  bool operator==(const claims &other) const;
};

// Why a token was refused; for logs only. Clients are told nothing more than
// "Invalid authentication credentials".
enum class token_rejection {
  malformed,             // segment count, base64url, JSON, size
  unsupported_algorithm, // header alg other than HS256 (none included)
  bad_signature,
  bad_claims, // a claim missing or of the wrong type
  missing_expiry,
  expired,
  issued_in_future,
  wrong_issuer,
};

// The one kind of error verify() returns: the REST layer answers 401.
struct invalid_credentials {
  token_rejection reason;
};

using verify_result = std::variant<claims, invalid_credentials>;

// A short phrase for a log line ("expired", "bad signature", ...).
const char *describe(token_rejection reason);

// header.payload.signature with header {"alg":"HS256","typ":"JWT"}, every
// part base64url without padding. `key` is the HMAC key, byte for byte.
// Nothing only when OpenSSL fails (out of memory).
std::optional<std::string> sign(const claims &token_claims,
                                std::string_view key);

// The claims of `token` when it is an HS256 token signed with `key` (compared
// in constant time), issued by `expected_issuer`, with integer `iat` and `exp`
// and string `sub`, `tid`, `scope` and `iss`, not expired at `now_seconds`
// and not issued after it, both give or take `leeway_seconds`.
verify_result verify(std::string_view token, std::string_view key,
                     std::string_view expected_issuer, std::int64_t now_seconds,
                     std::int64_t leeway_seconds);

// Whether `scope` is one of the space-separated scopes the token grants.
bool has_scope(const claims &token_claims, std::string_view scope);

} // namespace orch::api::jwt
