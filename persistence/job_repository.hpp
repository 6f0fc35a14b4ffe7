#pragma once

#include "actors/job_info.hpp"
#include "persistence/db_status.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Writes a job snapshot: the row, and the events not stored yet. `seq` is the
// job's submission order, kept from the first write. Calling it again with
// the same snapshot changes nothing. Returns foreign_key for an unknown
// tenant, duplicate when the job id belongs to another tenant, stale when
// the stored job has more events than this snapshot (an older snapshot
// never overwrites a newer one).
db_status upsert_job(soci::session &sql, const orch::job_info &job,
                     std::int64_t seq);
db_status upsert_job(write_transaction &tx, const orch::job_info &job,
                     std::int64_t seq);

// The job with its events; nullopt if unknown or another tenant's.
std::optional<orch::job_info> find_job(soci::session &sql,
                                       const std::string &tenant_id,
                                       const std::string &job_id);

constexpr int max_job_page_size = 1000;

struct job_page {
  std::vector<orch::job_info> jobs; // with their events
  std::string next_cursor;          // empty on the last page
};

struct job_page_result {
  db_status status = db_status::ok; // bad_argument: malformed cursor or limit
  job_page page;
};

// A page of the tenant's jobs, newest first (created_at, then job_id, both
// descending): what a user looks for first, and a keyset order that stays
// stable while new jobs arrive. `cursor` is empty for the first page or a
// next_cursor from the previous page; `limit` is 1..max_job_page_size.
job_page_result list_jobs(soci::session &sql, const std::string &tenant_id,
                          std::optional<orch::job_state> status, int limit,
                          const std::string &cursor);

// Pending and running jobs with their events, in submission order (seq), to
// queue them again after a restart.
std::vector<orch::job_info> load_unfinished_jobs(soci::session &sql);

// The highest seq stored; 0 for an empty database.
std::int64_t max_job_seq(soci::session &sql);

} // namespace orch::persistence
