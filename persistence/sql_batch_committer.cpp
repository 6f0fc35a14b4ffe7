#include "persistence/sql_batch_committer.hpp"

#include "persistence/allocation_repository.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/worker_repository.hpp"
#include "persistence/write_transaction.hpp"

namespace orch::persistence {

namespace {

// Whether a write failed because of its own data, so that leaving it out
// lets the rest of the batch commit.
bool refused_alone(db_status status) {
  switch (status) {
  case db_status::duplicate:
  case db_status::not_found:
  case db_status::foreign_key:
  case db_status::invalid:
  case db_status::bad_argument:
    return true;
  default:
    return false;
  }
}

// Returns true when the snapshot was refused alone; throws when the batch
// as a whole must fail (the transaction is rolled back as it unwinds).
bool check(db_status status) {
  if (status == db_status::ok || status == db_status::stale)
    return false;
  if (refused_alone(status))
    return true;
  throw database_error(status);
}

} // namespace

sql_batch_committer::sql_batch_committer(session_factory open)
    : session_(std::move(open)) {}

std::vector<std::string>
sql_batch_committer::commit(const snapshot_batch &batch) {
  try {
    return write(session_.get(), batch);
  } catch (const soci::soci_error &e) {
    session_.reset();
    throw database_error(classify_error(e));
  } catch (const database_error &) {
    session_.reset();
    throw;
  }
}

std::vector<std::string>
sql_batch_committer::write(soci::session &sql, const snapshot_batch &batch) {
  std::vector<std::string> refused;
  write_transaction tx(sql, write_transaction::mode::per_write);
  for (const auto &job : batch.jobs)
    if (check(upsert_job(tx, job, job.seq)))
      refused.push_back(job.job_id);
  // Refused workers and allocations are only left out: the writer's
  // requesters wait on jobs alone.
  for (const auto &worker : batch.workers)
    check(upsert_worker(tx, worker));
  for (const auto &allocation : batch.allocations)
    check(save_allocation(tx, allocation));
  auto status = tx.commit();
  if (status != db_status::ok)
    throw database_error(status);
  return refused;
}

} // namespace orch::persistence
