#pragma once

#include "actors/job_info.hpp"
#include "actors/listeners.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/worker_actor.hpp"

#include <caf/typed_actor.hpp>

#include <cstdint>
#include <vector>

namespace orch {

// One live job: its state machine, attempts, timeout, cancellation and event
// log. The supervisor starts it on a gang of workers (attempt, handles, ids
// and the lease of each hold); the job hands each its part, collects the
// reports, and tells the supervisor every transition.
using job_actor = part_listener::extend<
    caf::reacts_to<start_atom, std::int32_t, std::vector<worker_actor>,
                   std::vector<std::string>, std::vector<std::uint64_t>>,
    caf::replies_to<caf::get_atom>::with<job_info>,
    caf::replies_to<cancel_atom>::with<job_info>,
    caf::reacts_to<job_timeout_atom, std::int32_t>,
    caf::reacts_to<requeue_atom, std::int32_t>, caf::reacts_to<retire_atom>>;

job_actor spawn_job(caf::actor_system &system, job_info initial,
                    job_listener supervisor, runtime_settings_ptr settings);

} // namespace orch
