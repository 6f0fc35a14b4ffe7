#pragma once

#include "actors/job_info.hpp"
#include "actors/listeners.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/worker_actor.hpp"

#include <caf/typed_actor.hpp>

#include <cstdint>
#include <vector>

namespace orch {

// The timers a job sets itself: the running attempt's timeout and the end of
// a retry backoff. One message for both keeps each job actor's behavior
// smaller (a million pending jobs' memory). A finished job waits for its
// supervisor to end it (retention).
enum class job_timer : std::uint8_t { timeout, requeue };

// One live job: its state machine, attempts, timeout, cancellation and event
// log. The supervisor starts it on a gang of workers (attempt, handles, ids
// and the lease of each hold); the job hands each its part, collects the
// reports, and tells the supervisor every transition but its start (the
// supervisor ordered that one and counts it itself).
using job_actor = part_listener::extend<
    caf::reacts_to<start_atom, std::int32_t, std::vector<worker_actor>,
                   std::vector<std::string>, std::vector<std::uint64_t>>,
    caf::replies_to<caf::get_atom>::with<job_info>,
    caf::replies_to<cancel_atom>::with<job_info>,
    caf::reacts_to<job_timer_atom, job_timer, std::int32_t>>;

job_actor spawn_job(caf::actor_system &system, job_info initial,
                    job_listener supervisor, runtime_settings_ptr settings);

} // namespace orch
