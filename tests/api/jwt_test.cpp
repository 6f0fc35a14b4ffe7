#include "api/jwt.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <ostream>
#include <vector>

namespace orch::api::jwt {
// So failures print the reason's name instead of its bytes.
void PrintTo(token_rejection reason, std::ostream *out) {
  *out << describe(reason);
}
} // namespace orch::api::jwt

using namespace orch::api;
using jwt::token_rejection;
using nlohmann::json;

namespace {

const std::string key = "a-test-key-of-at-least-32-characters";
const std::string issuer = "orchestrator";
constexpr std::int64_t issued = 1'700'000'000;
constexpr std::int64_t now = issued + 10;
const std::string hs256_header = R"({"alg":"HS256","typ":"JWT"})";

jwt::claims sample_claims() {
  return {"u-1", "t-1", "jobs:read jobs:write", issued, issued + 3600, issuer};
}

json sample_payload() {
  return {{"sub", "u-1"},
          {"tid", "t-1"},
          {"scope", "jobs:read jobs:write"},
          {"iat", issued},
          {"exp", issued + 3600},
          {"iss", issuer}};
}

// Encoding and MAC through other OpenSSL calls than the code under test, so
// the tests do not check the implementation against itself.
std::string b64url(const std::string &bytes) {
  std::vector<unsigned char> text(bytes.size() * 2 + 4);
  auto length = EVP_EncodeBlock(
      text.data(), reinterpret_cast<const unsigned char *>(bytes.data()),
      static_cast<int>(bytes.size()));
  std::string out(text.begin(), text.begin() + length);
  out.erase(std::remove(out.begin(), out.end(), '='), out.end());
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c == '+' ? '-' : c == '/' ? '_' : c;
  });
  return out;
}

std::string hs256(const std::string &data, const std::string &with_key) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), with_key.data(), static_cast<int>(with_key.size()),
       reinterpret_cast<const unsigned char *>(data.data()), data.size(), mac,
       &length);
  return std::string(reinterpret_cast<char *>(mac), length);
}

// `signed_part` followed by its HS256 signature, however malformed it is.
std::string signed_as_is(const std::string &signed_part) {
  return signed_part + "." + b64url(hs256(signed_part, key));
}

// A token with any header and payload text, correctly signed with HS256.
std::string forge(const std::string &header, const std::string &payload) {
  return signed_as_is(b64url(header) + "." + b64url(payload));
}

std::string signed_token(const jwt::claims &claims) {
  auto token = jwt::sign(claims, key);
  EXPECT_TRUE(token);
  return token.value_or("");
}

jwt::verify_result check(const std::string &token, std::int64_t at = now,
                         std::int64_t leeway = 30) {
  return jwt::verify(token, key, issuer, at, leeway);
}

// The reason the token was refused; nothing when it was accepted.
std::optional<token_rejection> rejection(const jwt::verify_result &result) {
  if (auto *refused = std::get_if<jwt::invalid_credentials>(&result))
    return refused->reason;
  return std::nullopt;
}

std::vector<std::string> segments(const std::string &token) {
  std::vector<std::string> parts(1);
  for (char c : token) {
    if (c == '.')
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  return parts;
}

} // namespace

// A token is three unpadded base64url segments: the fixed HS256 header, the
// six claims as JSON, and an HMAC-SHA256 that OpenSSL's HMAC() agrees with.
TEST(Jwt, HasTheStandardStructure) {
  auto token = signed_token(sample_claims());
  auto parts = segments(token);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], b64url(hs256_header));
  EXPECT_EQ(parts[0], "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
  EXPECT_EQ(parts[1], b64url(sample_payload().dump()));
  EXPECT_EQ(parts[2], b64url(hs256(parts[0] + "." + parts[1], key)));
  EXPECT_EQ(token.find('='), std::string::npos);
}

// What sign() wrote, verify() reads back unchanged, odd characters included.
TEST(Jwt, RoundTrips) {
  auto result = check(signed_token(sample_claims()));
  ASSERT_TRUE(std::holds_alternative<jwt::claims>(result))
      << describe(*rejection(result));
  EXPECT_EQ(std::get<jwt::claims>(result), sample_claims());
  auto odd = sample_claims();
  odd.sub = "quote\" back\\slash \u00e9 \n";
  EXPECT_EQ(std::get<jwt::claims>(check(signed_token(odd))), odd);
}

// A token from another implementation (jwt.io's example) passes the signature
// check with its secret, then fails only for lacking `exp`.
TEST(Jwt, AcceptsAnotherImplementationsSignature) {
  std::string example =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZS"
      "I6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6"
      "yJV_adQssw5c";
  EXPECT_EQ(
      rejection(jwt::verify(example, "your-256-bit-secret", issuer, now, 30)),
      token_rejection::missing_expiry);
  EXPECT_EQ(rejection(jwt::verify(example, key, issuer, now, 30)),
            token_rejection::bad_signature);
}

// A token is accepted until `exp` plus the leeway and refused from then on.
TEST(Jwt, ExpiresAfterTheLeeway) {
  auto token = signed_token(sample_claims());
  auto exp = sample_claims().exp;
  EXPECT_FALSE(rejection(check(token, exp + 29, 30)));
  EXPECT_EQ(rejection(check(token, exp + 30, 30)), token_rejection::expired);
  EXPECT_FALSE(rejection(check(token, exp - 1, 0)));
  EXPECT_EQ(rejection(check(token, exp, 0)), token_rejection::expired);
  EXPECT_EQ(rejection(check(token, exp + 100000, 30)),
            token_rejection::expired);
}

// `iat` may be ahead of the clock by at most the leeway.
TEST(Jwt, RefusesTokensIssuedInTheFuture) {
  auto claims = sample_claims();
  claims.iat = now + 30;
  EXPECT_FALSE(rejection(check(signed_token(claims), now, 30)));
  claims.iat = now + 31;
  EXPECT_EQ(rejection(check(signed_token(claims), now, 30)),
            token_rejection::issued_in_future);
}

// A correctly signed token without `exp` is refused.
TEST(Jwt, RefusesMissingExpiry) {
  auto payload = sample_payload();
  payload.erase("exp");
  EXPECT_EQ(rejection(check(forge(hs256_header, payload.dump()))),
            token_rejection::missing_expiry);
}

// Changing the payload or the signature of a valid token breaks it.
TEST(Jwt, RefusesTamperedTokens) {
  auto parts = segments(signed_token(sample_claims()));
  auto payload = sample_payload();
  payload["scope"] = "supervisor:read supervisor:write";
  auto escalated = parts[0] + "." + b64url(payload.dump()) + "." + parts[2];
  EXPECT_EQ(rejection(check(escalated)), token_rejection::bad_signature);
  auto signature = parts[2];
  signature[5] = signature[5] == 'A' ? 'B' : 'A';
  auto flipped = parts[0] + "." + parts[1] + "." + signature;
  EXPECT_EQ(rejection(check(flipped)), token_rejection::bad_signature);
  auto truncated = parts[0] + "." + parts[1] + "." + parts[2].substr(0, 40);
  EXPECT_EQ(rejection(check(truncated)), token_rejection::bad_signature);
}

// `alg: none` is refused, with an empty signature or even a valid one.
TEST(Jwt, RefusesAlgNone) {
  auto none_header = R"({"alg":"none","typ":"JWT"})";
  auto payload = sample_payload().dump();
  EXPECT_EQ(rejection(check(b64url(none_header) + "." + b64url(payload) + ".")),
            token_rejection::unsupported_algorithm);
  EXPECT_EQ(rejection(check(forge(none_header, payload))),
            token_rejection::unsupported_algorithm);
}

// Any alg but HS256 is refused even when the MAC is right: the server decides
// the algorithm, not the token.
TEST(Jwt, RefusesOtherAlgorithms) {
  auto payload = sample_payload().dump();
  for (std::string header :
       {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"RS256","typ":"JWT"})",
        R"({"alg":"hs256","typ":"JWT"})", R"({"alg":256,"typ":"JWT"})",
        R"({"typ":"JWT"})"})
    EXPECT_EQ(rejection(check(forge(header, payload))),
              token_rejection::unsupported_algorithm)
        << header;
}

// A token signed with another key is refused, as is any token checked
// against an empty key.
TEST(Jwt, RefusesTheWrongKey) {
  auto other = jwt::sign(sample_claims(), "another-key-of-at-least-32-chars!");
  ASSERT_TRUE(other);
  EXPECT_EQ(rejection(check(*other)), token_rejection::bad_signature);
  EXPECT_EQ(rejection(jwt::verify(signed_token(sample_claims()), "", issuer,
                                  now, 30)),
            token_rejection::bad_signature);
}

// A token from another issuer is refused.
TEST(Jwt, RefusesTheWrongIssuer) {
  auto claims = sample_claims();
  claims.iss = "someone-else";
  EXPECT_EQ(rejection(check(signed_token(claims))),
            token_rejection::wrong_issuer);
}

// Garbage is refused as malformed: wrong segment counts, characters outside
// base64url (padding included), non-JSON or non-object parts, huge tokens.
TEST(Jwt, RefusesGarbage) {
  auto payload = sample_payload().dump();
  auto parts = segments(signed_token(sample_claims()));
  auto valid_tail = "." + parts[1] + "." + parts[2];
  std::vector<std::string> garbage = {
      "",
      "..",
      "abc",
      parts[0] + "." + parts[1],
      parts[0] + valid_tail + ".x",
      "eyJ$" + valid_tail,
      parts[0] + "=" + valid_tail,
      signed_as_is(parts[0] + "." + parts[1] + "="),
      " " + parts[0] + valid_tail,
      b64url("not json") + valid_tail,
      b64url("[1,2]") + valid_tail,
      forge(hs256_header, "not json"),
      forge(hs256_header, "[1,2]"),
      forge(hs256_header, payload + "x"),
      parts[0] + "." + std::string(9000, 'A') + "." + parts[2],
  };
  for (const auto &token : garbage)
    EXPECT_EQ(rejection(check(token)), token_rejection::malformed) << token;
}

// Claims of the wrong type or missing are refused even when signed.
TEST(Jwt, RefusesWrongClaimTypes) {
  std::vector<std::pair<std::string, json>> changes = {
      {"sub", 1},       {"tid", nullptr}, {"scope", json::array()},
      {"iss", 7},       {"iat", "1"},     {"exp", "9999999999"},
      {"exp", 1.7e9},   {"iat", 1.5},     {"exp", 9223372036854775808u},
      {"exp", nullptr},
  };
  for (const auto &[claim, value] : changes) {
    auto payload = sample_payload();
    payload[claim] = value;
    EXPECT_EQ(rejection(check(forge(hs256_header, payload.dump()))),
              token_rejection::bad_claims)
        << claim << " = " << value;
  }
  for (const char *claim : {"sub", "tid", "scope", "iat", "iss"}) {
    auto payload = sample_payload();
    payload.erase(claim);
    EXPECT_EQ(rejection(check(forge(hs256_header, payload.dump()))),
              token_rejection::bad_claims)
        << claim;
  }
}

// has_scope matches whole space-separated scopes only.
TEST(Jwt, HasScopeMatchesWholeScopes) {
  auto claims = sample_claims();
  EXPECT_TRUE(jwt::has_scope(claims, "jobs:write"));
  EXPECT_TRUE(jwt::has_scope(claims, "jobs:read"));
  for (const char *absent : {"jobs", "jobs:wr", "write", "", " ",
                             "jobs:read jobs:write", "supervisor:read"})
    EXPECT_FALSE(jwt::has_scope(claims, absent)) << absent;
  claims.scope = "";
  EXPECT_FALSE(jwt::has_scope(claims, "jobs:read"));
}
