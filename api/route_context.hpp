#pragma once

#include "actors/supervisor_actor.hpp"
#include "actors/tenant_registry.hpp"
#include "api/authentication.hpp"
#include "api/json_body.hpp"
#include "api/request_timings.hpp"
#include "api/router.hpp"
#include "persistence/job_reader.hpp"

#include <caf/actor_system.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <variant>

namespace orch::api {

// What the REST routes talk to.
struct route_context {
  caf::actor_system *system = nullptr;
  supervisor_actor supervisor;
  // Jobs no longer in memory are read from the database.
  job_reader reader;
  std::shared_ptr<const authenticator> auth;
  // How long a handler waits for the actors before answering 503.
  std::chrono::milliseconds deadline{5000};
  // Tenants and their status: only a ready tenant submits jobs.
  tenant_registry registry;
  // What the HTTP server measured, for GET /metrics.
  std::shared_ptr<const request_timings> timings;
};

// A handler that runs `then(request, claims, reply)` only for a request with
// a valid token granting `scope`, and answers 401 or 403 otherwise.
template <class F>
handler guarded(const route_context &context, std::string scope, F then) {
  return [auth = context.auth, scope, then](const http_request &request,
                                            responder reply) {
    auto result = auth->authorize(request, scope);
    if (auto *refused = std::get_if<http_response>(&result))
      return reply.send(std::move(*refused));
    then(request, std::get<jwt::claims>(result), reply);
  };
}

} // namespace orch::api
