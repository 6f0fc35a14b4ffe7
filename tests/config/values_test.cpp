#include "config/values.hpp"

#include <gtest/gtest.h>

namespace orch::config {
namespace {

std::string reason_of(const std::optional<invalid_value> &problem) {
  return problem ? problem->reason : "";
}

template <typename T> std::string reason_of(const parsed<T> &value) {
  auto *invalid = std::get_if<invalid_value>(&value);
  return invalid ? invalid->reason : "";
}

TEST(ListenAddressTest, AcceptsIpv4LocalhostAndBracketedIpv6) {
  // The three accepted host forms parse, IPv6 losing its brackets.
  auto ipv4 = std::get<listen_address>(parse_listen_address("0.0.0.0:80"));
  EXPECT_EQ(ipv4.host, "0.0.0.0");
  EXPECT_EQ(ipv4.port, 80);
  auto local = std::get<listen_address>(parse_listen_address("localhost:1"));
  EXPECT_EQ(local.host, "localhost");
  auto ipv6 = std::get<listen_address>(parse_listen_address("[::1]:9000"));
  EXPECT_EQ(ipv6.host, "::1");
  EXPECT_EQ(ipv6.port, 9000);
}

TEST(ListenAddressTest, AcceptsPortZeroAndTheHighestPort) {
  // Port 0 (the OS picks) and 65535 are both in range.
  EXPECT_EQ(std::get<listen_address>(parse_listen_address("127.0.0.1:0")).port,
            0);
  EXPECT_EQ(
      std::get<listen_address>(parse_listen_address("127.0.0.1:65535")).port,
      65535);
}

TEST(ListenAddressTest, RejectsBadPortsHostsAndMissingColon) {
  // Each malformed address gets a reason quoting the offending part.
  EXPECT_EQ(reason_of(parse_listen_address("127.0.0.1:70000")),
            "port must be 0..65535, got \"70000\"");
  EXPECT_EQ(reason_of(parse_listen_address("127.0.0.1:abc")),
            "port must be 0..65535, got \"abc\"");
  EXPECT_EQ(reason_of(parse_listen_address("127.0.0.1:")),
            "port must be 0..65535, got \"\"");
  EXPECT_EQ(reason_of(parse_listen_address("127.0.0.1")),
            "expected HOST:PORT, got \"127.0.0.1\"");
  EXPECT_NE(reason_of(parse_listen_address("example.org:80")).find("host"),
            std::string::npos);
  EXPECT_NE(reason_of(parse_listen_address("[nonsense]:80")).find("host"),
            std::string::npos);
  EXPECT_NE(reason_of(parse_listen_address("::1:80")).find("host"),
            std::string::npos);
}

TEST(ListenAddressTest, FormatsIpv6WithBrackets) {
  // Formatting inverts parsing for both address families.
  EXPECT_EQ(format_listen_address({"127.0.0.1", 8080}), "127.0.0.1:8080");
  EXPECT_EQ(format_listen_address({"::1", 8080}), "[::1]:8080");
}

TEST(WholeNumberTest, AcceptsOnlyDigitsWithinRange) {
  // Bounds are inclusive; signs, spaces, words and overflow are rejected.
  EXPECT_EQ(std::get<std::uint64_t>(parse_whole_number("1", 1, 1024)), 1u);
  EXPECT_EQ(std::get<std::uint64_t>(parse_whole_number("1024", 1, 1024)),
            1024u);
  for (const char *bad : {"0", "1025", "-1", "+1", " 1", "1x", "", "zero",
                          "99999999999999999999999"}) {
    EXPECT_EQ(reason_of(parse_whole_number(bad, 1, 1024)),
              "expected a whole number 1..1024, got \"" + std::string(bad) +
                  "\"")
        << bad;
  }
}

TEST(BooleanTest, AcceptsTheEightWordsInAnyCase) {
  // Every documented spelling maps to the right value; others are rejected.
  for (const char *yes : {"1", "true", "yes", "on", "TRUE", "On"}) {
    EXPECT_TRUE(std::get<bool>(parse_boolean(yes))) << yes;
  }
  for (const char *no : {"0", "false", "no", "off", "False", "OFF"}) {
    EXPECT_FALSE(std::get<bool>(parse_boolean(no))) << no;
  }
  EXPECT_EQ(reason_of(parse_boolean("maybe")),
            "expected one of 1/0/true/false/yes/no/on/off, got \"maybe\"");
}

TEST(DatabaseUrlTest, AcceptsSqliteAndPostgresSchemesOnly) {
  // sqlite:PATH and both PostgreSQL schemes pass; others and empty paths fail.
  EXPECT_FALSE(check_database_url("sqlite:/var/lib/o.db"));
  EXPECT_FALSE(check_database_url("postgresql://u@h/db"));
  EXPECT_FALSE(check_database_url("postgres://u@h/db"));
  for (const char *bad : {"mysql://h/db", "sqlite:", "", "postgresql:/x"}) {
    EXPECT_EQ(reason_of(check_database_url(bad)),
              "expected sqlite:PATH, postgresql://... or postgres://..., "
              "got \"" +
                  std::string(bad) + "\"")
        << bad;
  }
}

TEST(LogLevelTest, AcceptsTheFourLevels) {
  // Only error, warning, info and debug are levels.
  for (const char *level : {"error", "warning", "info", "debug"}) {
    EXPECT_FALSE(check_log_level(level)) << level;
  }
  EXPECT_EQ(reason_of(check_log_level("verbose")),
            "expected one of error, warning, info, debug, got \"verbose\"");
}

TEST(WebhookUrlTest, AcceptsEmptyOrHttpUrls) {
  // Empty disables the webhook; otherwise the URL must be http(s).
  EXPECT_FALSE(check_webhook_url(""));
  EXPECT_FALSE(check_webhook_url("http://hooks.local/p"));
  EXPECT_FALSE(check_webhook_url("https://hooks.local/p"));
  EXPECT_EQ(reason_of(check_webhook_url("ftp://x")),
            "expected an http:// or https:// URL, got \"ftp://x\"");
  EXPECT_TRUE(check_webhook_url("https://"));
}

} // namespace
} // namespace orch::config
