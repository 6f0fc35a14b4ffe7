#pragma once

#include "persistence/job_reader.hpp"
#include "persistence/reconnecting_session.hpp"

#include <caf/actor_system.hpp>

namespace orch::persistence {

// Spawns the job reader on a thread of its own (caf::detached), since every
// request blocks on the database. Its session is opened on first use and
// opened again after a failure.
job_reader spawn_job_reader(caf::actor_system &system, session_factory open);

} // namespace orch::persistence
