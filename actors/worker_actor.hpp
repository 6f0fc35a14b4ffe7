#pragma once

#include "actors/listeners.hpp"
#include "actors/runtime_settings.hpp"

#include <caf/typed_actor.hpp>

namespace orch {

// One worker slot. It owns the worker state machine and runs the job part it
// is given; the answer to `assign` is the part's report, sent when the part
// ends (a refused assignment is answered at once with outcome `lost`). An
// assignment that dies unread in the mailbox of a lost worker comes back to
// the job as an error, so no part can vanish. Its state changes go to the
// supervisor. Pause, resume and terminate answer with the worker after the
// transition, or invalid_transition.
using worker_actor = caf::typed_actor<
    caf::replies_to<assign_atom, job_part>::with<part_report>,
    caf::reacts_to<cancel_atom, std::string, std::int32_t>,
    caf::replies_to<pause_atom>::with<worker_info>,
    caf::replies_to<resume_atom>::with<worker_info>,
    caf::replies_to<terminate_atom>::with<worker_info>,
    caf::replies_to<caf::get_atom>::with<worker_info>,
    caf::reacts_to<part_timer_atom, std::string, std::int32_t>,
    caf::reacts_to<command_exit_atom, std::string, std::int32_t, part_report>>;

struct worker_identity {
  std::string worker_id;
  std::string node = "local";
};

worker_actor spawn_worker(caf::actor_system &system, worker_identity identity,
                          worker_listener supervisor,
                          runtime_settings_ptr settings);

} // namespace orch
