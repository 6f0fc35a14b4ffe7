#pragma once

#include <soci/soci.h>

#include <stdexcept>
#include <string_view>

namespace orch::persistence {

// What a repository call did. Constraint violations come back as values so
// callers answer 409/404/422 without ever seeing SQL text.
enum class db_status {
  ok,
  duplicate,    // a primary key or unique key already exists
  not_found,    // no such row (for this tenant)
  foreign_key,  // refers to a row that does not exist
  invalid,      // rejected by a CHECK or NOT NULL, or unstorable text
  stale,        // a snapshot older than the one already stored
  bad_argument, // a malformed cursor or an out-of-range limit
  corrupt,      // a stored row could not be decoded
  unavailable,  // any other database failure (connection, lock, I/O)
};

std::string_view to_string(db_status s);

// The one place that maps backend errors to statuses: SQLite by its message,
// PostgreSQL by SQLSTATE.
db_status classify_error(const soci::soci_error &e);

// Thrown by read functions when the database fails or a stored row cannot be
// decoded; the message names the status only, never SQL text.
class database_error : public std::runtime_error {
public:
  explicit database_error(db_status status);
  db_status status() const { return status_; }

private:
  db_status status_;
};

// Runs a read, turning SOCI failures into database_error.
template <class F> auto guarded_read(F &&read) -> decltype(read()) {
  try {
    return read();
  } catch (const soci::soci_error &e) {
    throw database_error(classify_error(e));
  }
}

} // namespace orch::persistence
