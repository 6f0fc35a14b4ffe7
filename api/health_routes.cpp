#include "api/health_routes.hpp"

#include "api/problem.hpp"

#include <nlohmann/json.hpp>

namespace orch::api {

void add_health_routes(router &routes, std::function<bool()> is_ready) {
  routes.add("GET", "/healthz", [](const http_request &, responder reply) {
    reply.send({200, "application/json", {}, R"({"status":"ok"})"});
  });
  routes.add(
      "GET", "/readyz",
      [is_ready = std::move(is_ready)](const http_request &, responder reply) {
        if (is_ready())
          reply.send({200, "application/json", {}, R"({"status":"ready"})"});
        else
          reply.send(problem(503, status_title(503), "not ready"));
      });
}

} // namespace orch::api
