#pragma once

#include "persistence/db_status.hpp"

#include <soci/soci.h>

#include <utility>

namespace orch::persistence {

// An open transaction that repository writes run in, so several writes
// commit together: a composite write (a job and its idempotency key) or a
// batch of snapshots (group commit).
class write_transaction {
public:
  enum class mode {
    // The first failed write fails the whole transaction; commit() then
    // rolls back and returns that failure.
    all_or_nothing,
    // Each write runs under a savepoint: a failed one is undone alone and
    // the others still commit. PostgreSQL would otherwise abort the whole
    // transaction on the first error.
    per_write,
  };

  // Begins the transaction; throws soci::soci_error if it cannot.
  explicit write_transaction(soci::session &sql, mode m = mode::all_or_nothing);

  soci::session &session() { return sql_; }

  // Runs one write: `write` returns a db_status and may throw
  // soci::soci_error, which is classified.
  template <class F> db_status run(F &&write) {
    if (failed_ != db_status::ok)
      return failed_;
    try {
      begin_write();
      return end_write(std::forward<F>(write)());
    } catch (const soci::soci_error &e) {
      return end_write(classify_error(e));
    }
  }

  // Commits, or rolls back after a failed all_or_nothing write.
  db_status commit();

private:
  void begin_write();
  db_status end_write(db_status result);

  soci::session &sql_;
  soci::transaction tx_;
  mode mode_;
  db_status failed_ = db_status::ok;
};

// Runs `body(write_transaction&) -> db_status` in a new transaction and
// commits it when the body succeeds. Failures to begin or commit come back
// as statuses too.
template <class F>
db_status in_transaction(
    soci::session &sql, F &&body,
    write_transaction::mode m = write_transaction::mode::all_or_nothing) {
  try {
    write_transaction tx(sql, m);
    auto result = std::forward<F>(body)(tx);
    if (result != db_status::ok)
      return result;
    return tx.commit();
  } catch (const soci::soci_error &e) {
    return classify_error(e);
  }
}

} // namespace orch::persistence
