#include "api/email_address.hpp"

#include <algorithm>

namespace orch::api {

namespace {

constexpr std::size_t max_email_bytes = 254;

bool is_plain(unsigned char c) {
  return c > 0x20 && c != 0x7f;
}

bool valid_domain(const std::string &domain) {
  auto dot = domain.find('.');
  return !domain.empty() && dot != std::string::npos && dot != 0 &&
         domain.back() != '.' && domain.find("..") == std::string::npos;
}

} // namespace

std::optional<invalid_field> check_email(const std::string &email) {
  auto refuse = [](std::string why) {
    return invalid_field{"email", "email " + std::move(why)};
  };
  if (email.empty())
    return refuse("is required");
  if (email.size() > max_email_bytes)
    return refuse("must be at most 254 bytes");
  if (!std::all_of(email.begin(), email.end(), [](char c) {
        return is_plain(static_cast<unsigned char>(c));
      }))
    return refuse("must not contain spaces or control characters");
  auto at = email.find('@');
  if (at == std::string::npos || at == 0 ||
      email.find('@', at + 1) != std::string::npos ||
      !valid_domain(email.substr(at + 1)))
    return refuse("must look like name@example.com");
  return std::nullopt;
}

} // namespace orch::api
