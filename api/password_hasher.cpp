#include "api/password_hasher.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstring>
#include <string_view>
#include <vector>

namespace orch::api {

namespace {

constexpr std::size_t min_password_characters = 8;
constexpr std::size_t max_password_bytes = 1024;

// Verification refuses encoded costs beyond these, so a corrupted or planted
// hash cannot make one login allocate gigabytes or run for minutes.
constexpr std::uint32_t max_memory_kib = 1024 * 1024;
constexpr std::uint32_t max_passes = 16;
constexpr std::uint32_t max_parallelism = 16;

// What an encoded Argon2id hash says about how it was made.
struct encoded_hash {
  std::uint32_t version;
  std::uint32_t memory_kib;
  std::uint32_t passes;
  std::uint32_t parallelism;
  std::uint32_t salt_bytes;
  std::uint32_t hash_bytes;
};

std::size_t code_points(const std::string &utf8) {
  std::size_t count = 0;
  for (unsigned char byte : utf8)
    if ((byte & 0xC0) != 0x80)
      ++count;
  return count;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos)
      return parts;
    text.remove_prefix(at + 1);
  }
}

// The decimal number in `field` after `prefix` ("m=19456"), digits only.
std::optional<std::uint32_t> number_after(std::string_view field,
                                          std::string_view prefix) {
  if (field.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  auto digits = field.substr(prefix.size());
  std::uint32_t value = 0;
  auto end = digits.data() + digits.size();
  auto [stop, error] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || error != std::errc() || stop != end)
    return std::nullopt;
  return value;
}

// Bytes encoded by unpadded base64 of `length` characters.
std::uint32_t base64_bytes(std::size_t length) {
  return static_cast<std::uint32_t>(length * 3 / 4);
}

// `$argon2id$v=19$m=M,t=T,p=P$SALT$HASH`, or nothing.
std::optional<encoded_hash> parse_encoded(std::string_view encoded) {
  if (encoded.find('\0') != std::string_view::npos)
    return std::nullopt;
  auto fields = split(encoded, '$');
  if (fields.size() != 6 || !fields[0].empty() || fields[1] != "argon2id" ||
      fields[4].empty() || fields[5].empty())
    return std::nullopt;
  auto costs = split(fields[3], ',');
  if (costs.size() != 3)
    return std::nullopt;
  auto version = number_after(fields[2], "v=");
  auto memory = number_after(costs[0], "m=");
  auto passes = number_after(costs[1], "t=");
  auto lanes = number_after(costs[2], "p=");
  if (!version || !memory || !passes || !lanes)
    return std::nullopt;
  return encoded_hash{*version,
                      *memory,
                      *passes,
                      *lanes,
                      base64_bytes(fields[4].size()),
                      base64_bytes(fields[5].size())};
}

bool within_limits(const encoded_hash &costs) {
  return costs.memory_kib <= max_memory_kib && costs.passes <= max_passes &&
         costs.parallelism <= max_parallelism;
}

} // namespace

std::optional<invalid_field>
check_password_policy(const std::string &password) {
  if (password.size() > max_password_bytes)
    return invalid_field{"password", "must be at most 1024 bytes"};
  if (code_points(password) < min_password_characters)
    return invalid_field{"password", "must be at least 8 characters"};
  return std::nullopt;
}

password_hasher::password_hasher(argon2_parameters parameters)
    : parameters_(parameters) {}

std::optional<std::string>
password_hasher::hash(const std::string &password) const {
  const auto &p = parameters_;
  std::vector<unsigned char> salt(p.salt_bytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return std::nullopt;
  std::string encoded(argon2_encodedlen(p.passes, p.memory_kib, p.parallelism,
                                        p.salt_bytes, p.hash_bytes, Argon2_id),
                      '\0');
  int status = argon2id_hash_encoded(
      p.passes, p.memory_kib, p.parallelism, password.data(), password.size(),
      salt.data(), salt.size(), p.hash_bytes, encoded.data(), encoded.size());
  if (status != ARGON2_OK)
    return std::nullopt;
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

bool password_hasher::verify(const std::string &encoded,
                             const std::string &password) const {
  auto costs = parse_encoded(encoded);
  if (!costs || !within_limits(*costs))
    return false;
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) ==
         ARGON2_OK;
}

bool password_hasher::needs_rehash(const std::string &encoded) const {
  auto costs = parse_encoded(encoded);
  if (!costs || !within_limits(*costs))
    return true;
  const auto &want = parameters_;
  return costs->version < ARGON2_VERSION_NUMBER ||
         costs->memory_kib < want.memory_kib || costs->passes < want.passes ||
         costs->salt_bytes < want.salt_bytes ||
         costs->hash_bytes < want.hash_bytes;
}

} // namespace orch::api
