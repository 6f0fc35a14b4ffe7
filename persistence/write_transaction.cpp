#include "persistence/write_transaction.hpp"

namespace orch::persistence {

write_transaction::write_transaction(soci::session &sql, mode m)
    : sql_(sql), tx_(sql), mode_(m) {}

void write_transaction::begin_write() {
  if (mode_ == mode::per_write)
    sql_ << "SAVEPOINT orch_write";
}

db_status write_transaction::end_write(db_status result) {
  if (mode_ == mode::all_or_nothing) {
    failed_ = result;
    return result;
  }
  try {
    // A failed write may have left rows behind (or, on PostgreSQL, an
    // aborted transaction): undo it alone.
    if (result != db_status::ok)
      sql_ << "ROLLBACK TO SAVEPOINT orch_write";
    sql_ << "RELEASE SAVEPOINT orch_write";
  } catch (const soci::soci_error &e) {
    // The transaction itself is now unusable.
    failed_ = classify_error(e);
    return failed_;
  }
  return result;
}

db_status write_transaction::commit() {
  if (failed_ != db_status::ok) {
    try {
      tx_.rollback();
    } catch (const soci::soci_error &) {
      // Already failed: the first failure is the one worth reporting.
    }
    return failed_;
  }
  try {
    tx_.commit();
  } catch (const soci::soci_error &e) {
    return classify_error(e);
  }
  return db_status::ok;
}

} // namespace orch::persistence
