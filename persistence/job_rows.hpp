#pragma once

#include "actors/job_info.hpp"

#include <soci/soci.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

// Reading and writing `jobs` and `job_events` rows; used by job_repository
// only.
namespace orch::persistence::job_rows {

// The columns every job query selects, in decode order.
extern const char *const columns;

// Runs `query` (which selects `columns`) after `bind_uses` bound its
// parameters, and decodes each row. Events are not loaded. Throws
// database_error(corrupt) for a row it cannot decode.
std::vector<orch::job_info>
fetch(soci::session &sql, const std::string &query,
      const std::function<void(soci::statement &)> &bind_uses);

// Loads the event log of each job, one prepared query per call.
void load_events(soci::session &sql, std::vector<orch::job_info> &jobs);

// Loads the event logs of all pending and running jobs in one query.
void load_unfinished_events(soci::session &sql,
                            std::vector<orch::job_info> &jobs);

// Events stored for a job so far (the highest event seq).
std::int64_t stored_event_count(soci::session &sql, const std::string &job_id);

// Inserts or updates the job row; returns the affected row count, which is 0
// when the job id belongs to another tenant.
long long upsert_row(soci::session &sql, const orch::job_info &job,
                     std::int64_t seq);

// Inserts events[from...] with seq = index + 1.
void append_events(soci::session &sql, const orch::job_info &job,
                   std::int64_t from);

} // namespace orch::persistence::job_rows
