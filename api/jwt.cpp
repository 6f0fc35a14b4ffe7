#include "api/jwt.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <limits>

namespace orch::api::jwt {

namespace {

using nlohmann::json;

// Far above any token this server issues; longer ones are refused unread.
constexpr std::size_t max_token_bytes = 8192;
constexpr std::string_view header_json = R"({"alg":"HS256","typ":"JWT"})";

bool is_base64url_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string base64url_encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length =
      EVP_EncodeBlock(reinterpret_cast<unsigned char *>(text.data()),
                      reinterpret_cast<const unsigned char *>(bytes.data()),
                      static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(length));
  text.erase(text.find_last_not_of('=') + 1);
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

// Only the canonical spelling decodes: no padding, no other characters, no
// stray bits, so every byte string has exactly one encoding.
std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1 ||
      !std::all_of(text.begin(), text.end(), is_base64url_character))
    return std::nullopt;
  std::string standard(text);
  std::replace(standard.begin(), standard.end(), '-', '+');
  std::replace(standard.begin(), standard.end(), '_', '/');
  std::size_t padding = (4 - standard.size() % 4) % 4;
  standard.append(padding, '=');
  std::string bytes(standard.size() / 4 * 3, '\0');
  int length =
      EVP_DecodeBlock(reinterpret_cast<unsigned char *>(bytes.data()),
                      reinterpret_cast<const unsigned char *>(standard.data()),
                      static_cast<int>(standard.size()));
  if (length < 0)
    return std::nullopt;
  bytes.resize(static_cast<std::size_t>(length) - padding);
  if (base64url_encode(bytes) != text)
    return std::nullopt;
  return bytes;
}

std::optional<std::string> hmac_sha256(std::string_view key,
                                       std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(),
                key.size(),
                reinterpret_cast<const unsigned char *>(data.data()),
                data.size(), mac, sizeof mac, &length) == nullptr)
    return std::nullopt;
  return std::string(reinterpret_cast<const char *>(mac), length);
}

struct segments {
  std::string_view header;
  std::string_view payload;
  std::string_view signature;
  std::string_view signed_part; // "header.payload", what the MAC covers
};

std::optional<segments> split_token(std::string_view token) {
  if (token.size() > max_token_bytes ||
      std::count(token.begin(), token.end(), '.') != 2)
    return std::nullopt;
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  return segments{token.substr(0, first),
                  token.substr(first + 1, second - first - 1),
                  token.substr(second + 1), token.substr(0, second)};
}

// A base64url segment holding a JSON object, or nothing.
std::optional<json> decode_object(std::string_view segment) {
  auto text = base64url_decode(segment);
  if (!text)
    return std::nullopt;
  auto value = json::parse(*text, nullptr, false);
  if (value.is_discarded() || !value.is_object())
    return std::nullopt;
  return value;
}

bool signature_matches(const segments &token, std::string_view key) {
  auto expected = hmac_sha256(key, token.signed_part);
  auto given = base64url_decode(token.signature);
  return expected && given && given->size() == expected->size() &&
         CRYPTO_memcmp(given->data(), expected->data(), given->size()) == 0;
}

bool algorithm_is_hs256(const json &header) {
  auto alg = header.find("alg");
  return alg != header.end() && alg->is_string() && *alg == "HS256";
}

std::optional<std::string> string_claim(const json &payload, const char *name) {
  auto found = payload.find(name);
  if (found == payload.end() || !found->is_string())
    return std::nullopt;
  return found->get<std::string>();
}

// An integer number of seconds; fractions and out-of-range values are not.
std::optional<std::int64_t> time_claim(const json &payload, const char *name) {
  auto found = payload.find(name);
  if (found == payload.end())
    return std::nullopt;
  if (found->is_number_unsigned()) {
    auto value = found->get<std::uint64_t>();
    if (value > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
      return std::nullopt;
    return static_cast<std::int64_t>(value);
  }
  if (found->is_number_integer())
    return found->get<std::int64_t>();
  return std::nullopt;
}

std::variant<claims, token_rejection> read_claims(const json &payload) {
  if (!payload.contains("exp"))
    return token_rejection::missing_expiry;
  auto sub = string_claim(payload, "sub");
  auto tid = string_claim(payload, "tid");
  auto scope = string_claim(payload, "scope");
  auto iss = string_claim(payload, "iss");
  auto iat = time_claim(payload, "iat");
  auto exp = time_claim(payload, "exp");
  if (!sub || !tid || !scope || !iss || !iat || !exp)
    return token_rejection::bad_claims;
  return claims{*sub, *tid, *scope, *iat, *exp, *iss};
}

std::optional<token_rejection> check_claims(const claims &read,
                                            std::string_view expected_issuer,
                                            std::int64_t now,
                                            std::int64_t leeway) {
  leeway = std::max<std::int64_t>(leeway, 0);
  if (read.iss != expected_issuer)
    return token_rejection::wrong_issuer;
  if (read.exp <= now - leeway)
    return token_rejection::expired;
  if (read.iat > now + leeway)
    return token_rejection::issued_in_future;
  return std::nullopt;
}

verify_result reject(token_rejection reason) {
  return invalid_credentials{reason};
}

} // namespace

bool claims::operator==(const claims &other) const {
  return sub == other.sub && tid == other.tid && scope == other.scope &&
         iat == other.iat && exp == other.exp && iss == other.iss;
}

const char *describe(token_rejection reason) {
  switch (reason) {
  case token_rejection::malformed:
    return "malformed token";
  case token_rejection::unsupported_algorithm:
    return "unsupported algorithm";
  case token_rejection::bad_signature:
    return "bad signature";
  case token_rejection::bad_claims:
    return "claims missing or of the wrong type";
  case token_rejection::missing_expiry:
    return "no expiry";
  case token_rejection::expired:
    return "expired";
  case token_rejection::issued_in_future:
    return "issued in the future";
  case token_rejection::wrong_issuer:
    return "wrong issuer";
  }
  return "unknown";
}

std::optional<std::string> sign(const claims &token_claims,
                                std::string_view key) {
  json payload = {{"sub", token_claims.sub},     {"tid", token_claims.tid},
                  {"scope", token_claims.scope}, {"iat", token_claims.iat},
                  {"exp", token_claims.exp},     {"iss", token_claims.iss}};
  auto payload_text =
      payload.dump(-1, ' ', false, json::error_handler_t::replace);
  auto signed_part =
      base64url_encode(header_json) + "." + base64url_encode(payload_text);
  auto mac = hmac_sha256(key, signed_part);
  if (!mac)
    return std::nullopt;
  return signed_part + "." + base64url_encode(*mac);
}

verify_result verify(std::string_view token, std::string_view key,
                     std::string_view expected_issuer, std::int64_t now_seconds,
                     std::int64_t leeway_seconds) {
  auto parts = split_token(token);
  if (!parts)
    return reject(token_rejection::malformed);
  auto header = decode_object(parts->header);
  if (!header)
    return reject(token_rejection::malformed);
  if (!algorithm_is_hs256(*header))
    return reject(token_rejection::unsupported_algorithm);
  // The payload is not even parsed before its signature is known good.
  if (!signature_matches(*parts, key))
    return reject(token_rejection::bad_signature);
  auto payload = decode_object(parts->payload);
  if (!payload)
    return reject(token_rejection::malformed);
  auto read = read_claims(*payload);
  if (auto *refusal = std::get_if<token_rejection>(&read))
    return reject(*refusal);
  auto &accepted = std::get<claims>(read);
  if (auto refusal =
          check_claims(accepted, expected_issuer, now_seconds, leeway_seconds))
    return reject(*refusal);
  return accepted;
}

bool has_scope(const claims &token_claims, std::string_view scope) {
  std::string_view granted = token_claims.scope;
  while (!granted.empty()) {
    auto end = std::min(granted.find(' '), granted.size());
    if (granted.substr(0, end) == scope && !scope.empty())
      return true;
    granted.remove_prefix(std::min(end + 1, granted.size()));
  }
  return false;
}

} // namespace orch::api::jwt
