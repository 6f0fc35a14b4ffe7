#pragma once

#include "actors/job_info.hpp"

#include <soci/soci.h>

#include <string>
#include <vector>

// Writing the job snapshots of a batch with a few multi-row statements
// instead of several statements per job: on PostgreSQL every statement is a
// round trip, which bounded group commit to a few hundred jobs per second.
namespace orch::persistence::job_bulk_rows {

// Per chunk of jobs: reads what is stored of them (tenant and events so
// far), leaves out jobs stored for another tenant (returned as refused) and
// snapshots older than what is stored, upserts the others in one statement
// and appends their new events in another. Throws soci::soci_error when the
// database refuses a statement; the caller then falls back to one write per
// job to find the culprit.
std::vector<std::string> write(soci::session &sql,
                               const std::vector<orch::job_info> &jobs);

} // namespace orch::persistence::job_bulk_rows
