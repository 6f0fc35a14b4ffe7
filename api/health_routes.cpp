#include "api/health_routes.hpp"

#include "api/problem.hpp"

#include <nlohmann/json.hpp>

namespace orch::api {

void add_health_routes(router &routes, readiness_check check_ready) {
  routes.add("GET", "/healthz", [](const http_request &, responder reply) {
    reply.send({200, "application/json", {}, R"({"status":"ok"})"});
  });
  routes.add(
      "GET", "/readyz",
      [check_ready = std::move(check_ready)](const http_request &,
                                             responder reply) {
        check_ready([reply](bool ready) {
          if (ready)
            reply.send({200, "application/json", {}, R"({"status":"ready"})"});
          else
            reply.send(problem(503, status_title(503), "not ready"));
        });
      });
}

} // namespace orch::api
