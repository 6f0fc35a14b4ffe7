#pragma once

#include "actors/atoms.hpp"
#include "actors/job_part.hpp"
#include "actors/job_state.hpp"
#include "actors/worker_info.hpp"

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <string>

namespace orch {

// The narrow faces actors show each other, so a worker knows nothing of the
// job actor beyond where its reports go, and likewise for the supervisor.

// Receives a worker's reports on the parts it ran (the job actor).
using part_listener =
    caf::typed_actor<caf::reacts_to<part_done_atom, part_report>>;

// Receives every state change of a worker (the supervisor).
using worker_listener =
    caf::typed_actor<caf::reacts_to<worker_state_atom, worker_info>>;

// Receives every state change of a job (job id, tenant id, from, to) but its
// start, which the supervisor orders and counts itself, and a job's wish to
// be queued again after its retry backoff (the supervisor).
using job_listener =
    caf::typed_actor<caf::reacts_to<job_state_atom, std::string, std::string,
                                    job_state, job_state>,
                     caf::reacts_to<requeue_atom, std::string>>;

} // namespace orch
