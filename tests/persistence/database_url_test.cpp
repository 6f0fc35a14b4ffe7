#include "persistence/database_url.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace {

connection_target parse_ok(const std::string &url) {
  auto parsed = parse_database_url(url);
  EXPECT_TRUE(std::holds_alternative<connection_target>(parsed)) << url;
  return std::get<connection_target>(parsed);
}

std::string parse_error(const std::string &url) {
  auto parsed = parse_database_url(url);
  EXPECT_TRUE(std::holds_alternative<url_error>(parsed)) << url;
  return std::holds_alternative<url_error>(parsed)
             ? std::get<url_error>(parsed).message
             : "";
}

} // namespace

// A sqlite: URL names the database file.
TEST(DatabaseUrl, SqliteUrlGivesTheFilePath) {
  auto target = parse_ok("sqlite:/var/lib/orch/orchestrator.db");
  EXPECT_EQ(target.kind, backend::sqlite);
  EXPECT_EQ(target.connect_string, "/var/lib/orch/orchestrator.db");
}

// A full PostgreSQL URL becomes libpq key=value pairs, escapes decoded.
TEST(DatabaseUrl, PostgresUrlBecomesLibpqPairs) {
  auto target = parse_ok(
      "postgresql://app%40x:p%27w@db.example:6543/orch?sslmode=require");
  EXPECT_EQ(target.kind, backend::postgresql);
  EXPECT_EQ(target.connect_string,
            "user='app@x' password='p\\'w' host='db.example' port='6543' "
            "dbname='orch' sslmode='require'");
}

// The short postgres:// scheme, a bracketed IPv6 host and missing parts work.
TEST(DatabaseUrl, PostgresSchemeVariants) {
  EXPECT_EQ(parse_ok("postgres://[::1]:5432/x").connect_string,
            "host='::1' port='5432' dbname='x'");
  EXPECT_EQ(parse_ok("postgresql://localhost").connect_string,
            "host='localhost'");
}

// Malformed URLs are refused with a message, and passwords never appear in it.
TEST(DatabaseUrl, MalformedUrlsAreRefused) {
  EXPECT_NE(parse_error("mysql://x").find("sqlite: or postgresql://"),
            std::string::npos);
  EXPECT_FALSE(parse_error("sqlite:").empty());
  EXPECT_EQ(parse_error("postgresql://u:secret@h:99999/db").find("secret"),
            std::string::npos);
  EXPECT_FALSE(parse_error("postgresql://h/db?sslmode").empty());
  EXPECT_FALSE(parse_error("postgresql://u%zz@h/db").empty());
  EXPECT_FALSE(parse_error("postgresql://[::1/db").empty());
}

// Redaction hides the password and keeps everything else.
TEST(DatabaseUrl, RedactHidesThePassword) {
  EXPECT_EQ(redact_database_url("postgresql://u:secret@h:5432/db"),
            "postgresql://u:***@h:5432/db");
  EXPECT_EQ(redact_database_url("postgresql://h/db"), "postgresql://h/db");
  EXPECT_EQ(redact_database_url("sqlite:/x.db"), "sqlite:/x.db");
}
