#include "persistence/job_cursor.hpp"

#include <cstddef>

namespace orch::persistence {

namespace {

constexpr const char *alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int sextet(char c) {
  for (int i = 0; i < 64; ++i)
    if (alphabet[i] == c)
      return i;
  return -1;
}

std::string base64url(const std::string &bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    for (; bits >= 6; bits -= 6)
      out += alphabet[(buffer >> (bits - 6)) & 0x3f];
  }
  if (bits > 0)
    out += alphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> unbase64url(const std::string &text) {
  // A single character left over cannot encode a whole byte.
  if (text.size() % 4 == 1)
    return std::nullopt;
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = sextet(c);
    if (value < 0)
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero, so each cursor has exactly one spelling.
  if ((buffer & ((1u << bits) - 1)) != 0)
    return std::nullopt;
  return out;
}

bool all_digits(const std::string &text) {
  if (text.empty() || text.size() > 18)
    return false;
  for (char c : text)
    if (c < '0' || c > '9')
      return false;
  return true;
}

} // namespace

std::string encode_cursor(const job_cursor &cursor) {
  return base64url(std::to_string(cursor.created_at_ms) + ":" + cursor.job_id);
}

std::optional<job_cursor> decode_cursor(const std::string &text) {
  auto plain = unbase64url(text);
  if (!plain)
    return std::nullopt;
  auto colon = plain->find(':');
  if (colon == std::string::npos || colon + 1 == plain->size())
    return std::nullopt;
  auto time = plain->substr(0, colon);
  if (!all_digits(time))
    return std::nullopt;
  return job_cursor{std::stoll(time), plain->substr(colon + 1)};
}

} // namespace orch::persistence
