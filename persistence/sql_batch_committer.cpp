#include "persistence/sql_batch_committer.hpp"

#include "persistence/account_writes.hpp"
#include "persistence/allocation_repository.hpp"
#include "persistence/idempotency_repository.hpp"
#include "persistence/job_bulk_writer.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/user_repository.hpp"
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

// Records `key` as refused when `status` says so.
void note(std::vector<refused_snapshot> &refused, const std::string &key,
          db_status status) {
  if (check(status))
    refused.push_back({key, status == db_status::duplicate});
}

// The batch's jobs in a few multi-row statements; when the database refuses
// that bulk write (a snapshot it rejects, say a job of an unknown tenant),
// it is undone, the bulk writer dropped (its statements may be left
// mid-execution, what it remembers unsure) and each job is written alone, so
// only the culprit is refused. A job id stored for another tenant is refused
// as a duplicate.
void write_jobs(write_transaction &tx, std::unique_ptr<job_bulk_writer> &bulk,
                const std::vector<orch::job_info> &jobs,
                std::vector<refused_snapshot> &refused) {
  std::vector<std::string> taken;
  auto status = tx.run([&] {
    taken = bulk->write(jobs);
    return db_status::ok;
  });
  if (status == db_status::ok) {
    for (auto &id : taken)
      refused.push_back({std::move(id), true});
    return;
  }
  bulk.reset();
  if (!refused_alone(status))
    throw database_error(status);
  for (const auto &job : jobs)
    note(refused, job.job_id, upsert_job(tx, job, job.seq));
}

// A key is refused under its job's id, so the submit waiting for both is
// told; a job the database refused takes its key down with it (foreign key).
void write_claims(write_transaction &tx,
                  const std::vector<orch::idempotency_claim> &claims,
                  std::vector<refused_snapshot> &refused) {
  for (const auto &c : claims)
    note(refused, c.job_id,
         replace_idempotency_key(tx, {c.tenant_id, c.key, c.fingerprint,
                                      c.job_id, c.created_at_ms}));
}

} // namespace

sql_batch_committer::sql_batch_committer(session_factory open)
    : session_(std::move(open)) {}

std::vector<refused_snapshot>
sql_batch_committer::commit(const snapshot_batch &batch) {
  try {
    auto &sql = session_.get();
    if (!jobs_)
      jobs_ = std::make_unique<job_bulk_writer>(sql);
    auto refused = write(sql, batch);
    if (jobs_)
      jobs_->committed();
    return refused;
  } catch (const soci::soci_error &e) {
    forget_session();
    throw database_error(classify_error(e));
  } catch (const database_error &) {
    forget_session();
    throw;
  }
}

void sql_batch_committer::forget_session() {
  jobs_.reset();
  session_.reset();
}

std::vector<refused_snapshot>
sql_batch_committer::write(soci::session &sql, const snapshot_batch &batch) {
  std::vector<refused_snapshot> refused;
  write_transaction tx(sql, write_transaction::mode::per_write);
  // Registrations first: the tenants they create may be changed below.
  for (const auto &created : batch.registrations)
    note(refused, created.key, save_registration(tx, created.value));
  for (const auto &changed : batch.tenants)
    note(refused, changed.key, save_tenant_snapshot(tx, changed.value));
  write_jobs(tx, jobs_, batch.jobs, refused);
  write_claims(tx, batch.claims, refused);
  // Refused workers, allocations and users are only left out: nobody waits
  // on them.
  for (const auto &worker : batch.workers)
    check(upsert_worker(tx, worker));
  for (const auto &allocation : batch.allocations)
    check(save_allocation(tx, allocation));
  for (const auto &user : batch.users)
    check(update_password_hash(tx, user.user_id, user.password_hash));
  auto status = tx.commit();
  if (status != db_status::ok)
    throw database_error(status);
  return refused;
}

} // namespace orch::persistence
