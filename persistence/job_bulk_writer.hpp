#pragma once

#include "actors/job_info.hpp"
#include "persistence/prepared_rows.hpp"

#include <soci/soci.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace orch::persistence {

// Writes the job snapshots of a batch with a few multi-row statements
// instead of several statements per job (on PostgreSQL every statement is a
// round trip), prepared once per session. It remembers, for the jobs it
// wrote in committed transactions and that are not finished, their tenant
// and how many events are stored, so their next snapshots skip the read of
// stored state. Owned by the committer with its session: the only writer of
// job rows while the server runs, so what it remembers stays true; it is
// dropped with the session after any failure.
class job_bulk_writer {
public:
  explicit job_bulk_writer(soci::session &sql);
  ~job_bulk_writer();

  // Reads what is stored of the jobs it does not remember (tenant and events
  // so far), leaves out jobs stored for another tenant (returned as refused)
  // and snapshots older than what is stored, upserts the others and appends
  // their new events. Throws soci::soci_error when the database refuses a
  // statement; the caller then undoes the write, drops this writer and
  // falls back to one write per job to find the culprit.
  std::vector<std::string> write(const std::vector<orch::job_info> &jobs);

  // The transaction holding the last write() committed: remember it.
  void committed();

  struct stored_job {
    std::string tenant_id;
    std::size_t events = 0;
  };

private:
  struct statements;
  // A job to write and how many of its events are stored already.
  struct job_to_write {
    const orch::job_info *job;
    std::size_t stored_events;
  };

  void write_rows(const std::vector<job_to_write> &rows);
  std::unordered_map<std::string, stored_job>
  read_stored(const std::vector<const orch::job_info *> &jobs);

  std::unique_ptr<statements> statements_;
  std::unordered_map<std::string, stored_job> known_;
  // Written by the last write(), not yet committed; an empty tenant marks
  // a finished job, forgotten at commit.
  std::vector<std::pair<std::string, stored_job>> staged_;
};

} // namespace orch::persistence
