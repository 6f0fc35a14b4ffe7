#pragma once

#include "persistence/job_bulk_writer.hpp"
#include "persistence/reconnecting_session.hpp"
#include "persistence/snapshot_batch.hpp"

namespace orch::persistence {

// Writes snapshot batches through SOCI, one transaction per batch, each
// snapshot under its own savepoint (the batch's jobs under one, written by
// job_bulk_writer). It owns its session and must be called
// from one thread at a time (the snapshot writer's committer thread).
//
// A snapshot refused for its own data (unknown tenant, a constraint, an id
// owned by another tenant) is left out alone. A snapshot older than the
// stored one counts as written: the database already holds a newer state.
// Any other failure (connection lost, read-only or missing table) means the
// database, not the snapshot, is at fault: the whole batch is rolled back
// and database_error is thrown, so the writer keeps the snapshots and retries
// them; the next commit opens a new session first.
class sql_batch_committer final : public batch_committer {
public:
  explicit sql_batch_committer(session_factory open);

  std::vector<refused_snapshot> commit(const snapshot_batch &batch) override;

private:
  std::vector<refused_snapshot> write(soci::session &sql,
                                      const snapshot_batch &batch);
  // After a failure: a new session next time, and a new job writer on it.
  void forget_session();

  reconnecting_session session_;
  // Prepared on session_ (declared after it, so destroyed before it).
  std::unique_ptr<job_bulk_writer> jobs_;
};

} // namespace orch::persistence
