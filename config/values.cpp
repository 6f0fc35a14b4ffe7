#include "config/values.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace orch::config {
namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::optional<std::uint64_t> to_whole_number(std::string_view text) {
  std::uint64_t value = 0;
  const char *end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) {
    return std::nullopt;
  }
  return value;
}

bool is_ip_address(int family, std::string_view host) {
  std::array<unsigned char, sizeof(in6_addr)> buffer{};
  return inet_pton(family, std::string(host).c_str(), buffer.data()) == 1;
}

struct host_and_port {
  std::string_view host;
  std::string_view port;
  bool bracketed;
};

// Splits "HOST:PORT" or "[IPV6]:PORT"; nullopt when there is no ":PORT".
std::optional<host_and_port> split_host_port(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() ||
        text[close + 1] != ':') {
      return std::nullopt;
    }
    return host_and_port{text.substr(1, close - 1), text.substr(close + 2),
                         true};
  }
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  return host_and_port{text.substr(0, colon), text.substr(colon + 1), false};
}

bool is_listen_host(const host_and_port &parts) {
  if (parts.bracketed) {
    return is_ip_address(AF_INET6, parts.host);
  }
  return parts.host == "localhost" || is_ip_address(AF_INET, parts.host);
}

} // namespace

parsed<listen_address> parse_listen_address(std::string_view text) {
  auto parts = split_host_port(text);
  if (!parts) {
    return invalid_value{"expected HOST:PORT, got " + quoted(text)};
  }
  if (!is_listen_host(*parts)) {
    return invalid_value{"host must be an IPv4 address, localhost or a "
                         "bracketed IPv6 address, got " +
                         quoted(parts->host)};
  }
  auto port = to_whole_number(parts->port);
  if (!port || *port > 65535) {
    return invalid_value{"port must be 0..65535, got " + quoted(parts->port)};
  }
  return listen_address{std::string(parts->host),
                        static_cast<std::uint16_t>(*port)};
}

std::string format_listen_address(const listen_address &address) {
  bool is_ipv6 = address.host.find(':') != std::string::npos;
  std::string host = is_ipv6 ? "[" + address.host + "]" : address.host;
  return host + ":" + std::to_string(address.port);
}

parsed<std::uint64_t> parse_whole_number(std::string_view text,
                                         std::uint64_t min, std::uint64_t max) {
  auto value = to_whole_number(text);
  if (!value || *value < min || *value > max) {
    return invalid_value{"expected a whole number " + std::to_string(min) +
                         ".." + std::to_string(max) + ", got " + quoted(text)};
  }
  return *value;
}

parsed<bool> parse_boolean(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") {
    return true;
  }
  if (lower == "0" || lower == "false" || lower == "no" || lower == "off") {
    return false;
  }
  return invalid_value{"expected one of 1/0/true/false/yes/no/on/off, got " +
                       quoted(text)};
}

std::optional<invalid_value> check_database_url(std::string_view text) {
  bool is_sqlite = starts_with(text, "sqlite:") && text.size() > 7;
  if (is_sqlite || starts_with(text, "postgresql://") ||
      starts_with(text, "postgres://")) {
    return std::nullopt;
  }
  return invalid_value{
      "expected sqlite:PATH, postgresql://... or postgres://..., got " +
      quoted(text)};
}

std::optional<invalid_value> check_log_level(std::string_view text) {
  if (text == "error" || text == "warning" || text == "info" ||
      text == "debug") {
    return std::nullopt;
  }
  return invalid_value{"expected one of error, warning, info, debug, got " +
                       quoted(text)};
}

std::optional<invalid_value> check_webhook_url(std::string_view text) {
  bool is_http = starts_with(text, "http://") && text.size() > 7;
  bool is_https = starts_with(text, "https://") && text.size() > 8;
  if (text.empty() || is_http || is_https) {
    return std::nullopt;
  }
  return invalid_value{"expected an http:// or https:// URL, got " +
                       quoted(text)};
}

} // namespace orch::config
