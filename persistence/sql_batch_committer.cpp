#include "persistence/sql_batch_committer.hpp"

#include "persistence/allocation_repository.hpp"
#include "persistence/job_bulk_rows.hpp"
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

// The batch's jobs in a few multi-row statements; when the database refuses
// one of them (a snapshot it rejects, say a job of an unknown tenant), that
// attempt is undone and each job is written alone, so only the culprit is
// refused.
std::vector<std::string> write_jobs(write_transaction &tx,
                                    const std::vector<orch::job_info> &jobs) {
  std::vector<std::string> refused;
  auto bulk = tx.run([&] {
    refused = job_bulk_rows::write(tx.session(), jobs);
    return db_status::ok;
  });
  if (bulk == db_status::ok)
    return refused;
  if (!refused_alone(bulk))
    throw database_error(bulk);
  refused.clear();
  for (const auto &job : jobs)
    if (check(upsert_job(tx, job, job.seq)))
      refused.push_back(job.job_id);
  return refused;
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
  write_transaction tx(sql, write_transaction::mode::per_write);
  auto refused = write_jobs(tx, batch.jobs);
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
