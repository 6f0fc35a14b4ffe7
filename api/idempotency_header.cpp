#include "api/idempotency_header.hpp"

#include "api/json_body.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>

namespace orch::api {

namespace {

constexpr std::size_t max_key_length = 255;

bool printable_ascii(char c) {
  return c >= 0x20 && c <= 0x7e;
}

} // namespace

std::variant<std::optional<std::string>, http_response>
idempotency_key_of(const http_request &request) {
  auto it = request.headers.find("idempotency-key");
  if (it == request.headers.end())
    return std::optional<std::string>{};
  const auto &key = it->second;
  if (key.empty() || key.size() > max_key_length ||
      !std::all_of(key.begin(), key.end(), printable_ascii))
    return invalid_field_problem("Idempotency-Key",
                                 "must be 1 to 255 printable ASCII characters");
  return std::optional<std::string>{key};
}

std::string request_fingerprint(const std::string &body) {
  auto canonical = nlohmann::json::parse(body, nullptr, false).dump();
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

} // namespace orch::api
