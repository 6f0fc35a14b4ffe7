#pragma once

#include "actors/supervisor_actor.hpp"
#include "api/authentication.hpp"
#include "api/router.hpp"
#include "persistence/job_reader.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <memory>

namespace orch::api {

struct job_routes_context {
  caf::actor_system *system = nullptr;
  supervisor_actor supervisor;
  // Jobs no longer in memory are read from the database.
  job_reader reader;
  std::shared_ptr<const authenticator> auth;
  // How long a handler waits for the actors before answering 503.
  std::chrono::milliseconds deadline{5000};
};

// POST /api/jobs/submit, GET /api/jobs/{id}, POST /api/jobs/{id}/cancel and
// GET /api/jobs (DESIGN.md §5), each scoped to the token's tenant.
void add_job_routes(router &routes, const job_routes_context &context);

} // namespace orch::api
