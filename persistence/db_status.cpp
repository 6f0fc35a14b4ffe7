#include "persistence/db_status.hpp"

#include <soci/postgresql/soci-postgresql.h>

#include <string>

namespace orch::persistence {

namespace {

db_status classify_sqlstate(const std::string &state) {
  if (state == "23505")
    return db_status::duplicate;
  if (state == "23503")
    return db_status::foreign_key;
  // 23502 not null, 23514 check; class 22 is a value the column cannot hold
  // (invalid UTF-8, NUL bytes, out of range).
  if (state == "23502" || state == "23514" || state.rfind("22", 0) == 0)
    return db_status::invalid;
  return db_status::unavailable;
}

db_status classify_sqlite_message(const std::string &message) {
  auto has = [&](const char *text) {
    return message.find(text) != std::string::npos;
  };
  if (has("UNIQUE constraint failed") || has("PRIMARY KEY must be unique"))
    return db_status::duplicate;
  if (has("FOREIGN KEY constraint failed"))
    return db_status::foreign_key;
  if (has("NOT NULL constraint failed") || has("CHECK constraint failed"))
    return db_status::invalid;
  return db_status::unavailable;
}

} // namespace

std::string_view to_string(db_status s) {
  switch (s) {
  case db_status::ok:
    return "ok";
  case db_status::duplicate:
    return "duplicate";
  case db_status::not_found:
    return "not_found";
  case db_status::foreign_key:
    return "foreign_key";
  case db_status::invalid:
    return "invalid";
  case db_status::stale:
    return "stale";
  case db_status::bad_argument:
    return "bad_argument";
  case db_status::corrupt:
    return "corrupt";
  case db_status::unavailable:
    return "unavailable";
  }
  return "unknown";
}

db_status classify_error(const soci::soci_error &e) {
  if (auto pg = dynamic_cast<const soci::postgresql_soci_error *>(&e))
    return classify_sqlstate(pg->sqlstate());
  return classify_sqlite_message(e.get_error_message());
}

database_error::database_error(db_status status)
    : std::runtime_error("database error: " + std::string(to_string(status))),
      status_(status) {}

} // namespace orch::persistence
