#pragma once

#include "actors/job_info.hpp"

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

// The interface of the job reader (implemented in job_reader_actor.hpp), free
// of SOCI so that request handlers can talk to it.
namespace orch {

using list_jobs_atom = caf::atom_constant<caf::atom("list_jobs")>;
using db_ping_atom = caf::atom_constant<caf::atom("db_ping")>;

// One page of a tenant's jobs, newest first.
struct job_page {
  std::vector<job_info> jobs;
  std::string next_cursor; // empty on the last page
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_page &x) {
  return f(caf::meta::type_name("job_page"), x.jobs, x.next_cursor);
}

// Reads jobs straight from the database, for jobs no longer held in memory.
// Every read names the tenant first, and another tenant's job is answered
// as not_found. Errors: not_found, invalid_argument (unknown status, limit
// outside 1..1000, a cursor that is not a next_cursor), unavailable (the
// database failed).
using job_reader = caf::typed_actor<
    // (tenant, job id) -> the job with its events.
    caf::replies_to<caf::get_atom, std::string, std::string>::with<job_info>,
    // (tenant, status or "" for any, limit, cursor or "" for the first page).
    caf::replies_to<list_jobs_atom, std::string, std::string, std::int32_t,
                    std::string>::with<job_page>,
    // Answered ok when the database answers a trivial query.
    caf::replies_to<db_ping_atom>::with<caf::ok_atom>>;

} // namespace orch
