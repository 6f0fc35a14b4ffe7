#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "config/options.hpp"

namespace orch::config {

// Why a text is not a valid value for an option, without naming the option:
// the caller knows where the text came from and prefixes that.
struct invalid_value {
  std::string reason;
};

template <typename T> using parsed = std::variant<T, invalid_value>;

// HOST:PORT where HOST is an IPv4 address, "localhost" or a bracketed IPv6
// address, and PORT is 0..65535 (0 lets the OS pick).
parsed<listen_address> parse_listen_address(std::string_view text);

// "127.0.0.1:8080", or "[::1]:8080" for an IPv6 host.
std::string format_listen_address(const listen_address &address);

// Decimal digits only, within min..max.
parsed<std::uint64_t> parse_whole_number(std::string_view text,
                                         std::uint64_t min, std::uint64_t max);

// 1/0, true/false, yes/no, on/off, in any letter case.
parsed<bool> parse_boolean(std::string_view text);

// sqlite:PATH, postgresql://... or postgres://...
std::optional<invalid_value> check_database_url(std::string_view text);

// error, warning, info or debug.
std::optional<invalid_value> check_log_level(std::string_view text);

// Empty (no webhook), or an http:// or https:// URL.
std::optional<invalid_value> check_webhook_url(std::string_view text);

} // namespace orch::config
