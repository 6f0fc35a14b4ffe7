#pragma once

#include "api/health_routes.hpp"
#include "persistence/job_reader.hpp"

#include <caf/actor_system.hpp>

#include <chrono>

namespace orch::app {

// Ready when the job reader's database session answers a trivial query
// within `timeout`. The HTTP thread only sends the request; the answer comes
// back through a short-lived actor, so a slow database never blocks it.
api::readiness_check database_readiness(caf::actor_system &system,
                                        job_reader reader,
                                        std::chrono::milliseconds timeout);

} // namespace orch::app
