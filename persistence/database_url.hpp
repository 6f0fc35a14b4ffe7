#pragma once

#include <string>
#include <variant>

namespace orch::persistence {

enum class backend { sqlite, postgresql };

// What SOCI needs to open a session: the backend and its connection string.
struct connection_target {
  backend kind;
  std::string connect_string; // SQLite: file path; PostgreSQL: libpq key=value
};

struct url_error {
  std::string message;
};

// Accepts `sqlite:PATH` and `postgresql://` / `postgres://` URLs
// (user, password, host, [ipv6] host, port, database, query parameters such as
// sslmode). Percent-escapes are decoded. libpq's key=value form is what the
// SOCI backend takes, so URLs are converted here, in one place.
std::variant<connection_target, url_error>
parse_database_url(const std::string &url);

// The URL with its password replaced by "***", safe to log.
std::string redact_database_url(const std::string &url);

} // namespace orch::persistence
