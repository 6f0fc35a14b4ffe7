#include "api/idempotency_key.hpp"

#include "api/json_body.hpp"

#include <openssl/evp.h>

#include <algorithm>

namespace orch::api {

namespace {

constexpr std::size_t max_key_length = 255;

bool printable_ascii(char c) {
  return c >= 0x20 && c <= 0x7e;
}

bool well_formed(const std::string &key) {
  return !key.empty() && key.size() <= max_key_length &&
         std::all_of(key.begin(), key.end(), printable_ascii);
}

http_response malformed(std::string_view name) {
  return invalid_field_problem(std::string(name),
                               "must be 1 to 255 printable ASCII characters");
}

std::string fingerprint(const nlohmann::json &body) {
  auto without_key = body;
  without_key.erase(std::string(key_field));
  auto canonical = without_key.dump();
  unsigned char digest[EVP_MAX_MD_SIZE];
  std::size_t length = 0;
  EVP_Q_digest(nullptr, "SHA256", nullptr, canonical.data(), canonical.size(),
               digest, &length);
  static const char hex[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < length; ++i) {
    text.push_back(hex[digest[i] >> 4]);
    text.push_back(hex[digest[i] & 0x0f]);
  }
  return text;
}

// The body's key: nothing when absent, the key, or the 422 naming the field.
std::variant<std::optional<std::string>, http_response>
body_key(const nlohmann::json &body) {
  auto found = body.find(std::string(key_field));
  if (found == body.end())
    return std::optional<std::string>{};
  if (!found->is_string() || !well_formed(found->get<std::string>()))
    return malformed(key_field);
  return std::optional<std::string>{found->get<std::string>()};
}

} // namespace

std::variant<std::optional<keyed_request>, http_response>
keyed_request_of(const http_request &request, const nlohmann::json &body) {
  auto header = request.headers.find("idempotency-key");
  if (header != request.headers.end() && !well_formed(header->second))
    return malformed(key_header);
  auto in_body = body_key(body);
  if (auto *bad = std::get_if<http_response>(&in_body))
    return std::move(*bad);
  auto &from_body = std::get<std::optional<std::string>>(in_body);
  if (header == request.headers.end() && !from_body)
    return std::optional<keyed_request>{};
  if (header != request.headers.end() && from_body &&
      *from_body != header->second)
    return invalid_field_problem(std::string(key_field),
                                 "differs from the Idempotency-Key header");
  auto given_as = from_body ? key_field : key_header;
  auto key = from_body ? *from_body : header->second;
  return std::optional<keyed_request>{keyed_request{
      {std::move(key), fingerprint(body)}, std::string(given_as)}};
}

} // namespace orch::api
