#include "api/openapi_routes.hpp"

namespace orch::api {

void add_openapi_route(router &routes) {
  routes.add("GET", "/openapi.json", [](const http_request &, responder reply) {
    reply.send({200, "application/json", {}, std::string(openapi_document())});
  });
}

} // namespace orch::api
