#include "api/tenant_routes.hpp"

#include "actors/ask_once.hpp"
#include "api/error_problem.hpp"
#include "api/json_body.hpp"
#include "api/problem.hpp"
#include "api/tenant_json.hpp"
#include "api/wait_param.hpp"

namespace orch::api {

namespace {

using nlohmann::json;

// Sends `xs...` to the registry and answers with `to_json` of the reply
// under `status`, or with the problem for its error.
template <class Reply, class ToJson, class... Ts>
void ask_registry(const account_services &services, responder reply,
                  std::chrono::milliseconds timeout, int status, ToJson to_json,
                  Ts &&...xs) {
  ask_once<Reply>(
      *services.system, services.registry, timeout,
      [reply, status, to_json](caf::expected<Reply> answer) {
        if (!answer)
          return reply.send(problem_from_error(answer.error()));
        reply.send(json_response(status, to_json(*answer)));
      },
      std::forward<Ts>(xs)...);
}

// The caller's claims, or nothing when the refusal (401, or 403 without
// `scope`) was sent instead.
std::optional<jwt::claims> caller_of(const account_services &services,
                                     const http_request &request,
                                     const responder &reply,
                                     std::string_view scope = {}) {
  auto caller = scope.empty() ? services.auth->authenticate(request)
                              : services.auth->authorize(request, scope);
  if (auto *refused = std::get_if<http_response>(&caller)) {
    reply.send(std::move(*refused));
    return std::nullopt;
  }
  return std::get<jwt::claims>(std::move(caller));
}

// GET /api/tenants/me: the caller's tenant, from the token's tid only.
void on_my_tenant(const account_services_ptr &services,
                  const http_request &request, responder reply) {
  auto claims = caller_of(*services, request, reply);
  if (!claims)
    return;
  if (claims->tid.empty())
    return reply.send(
        problem(404, status_title(404), "this account belongs to no tenant"));
  ask_registry<tenant_info>(*services, reply, services->registry_timeout, 200,
                            tenant_json, tenant_atom::value, claims->tid);
}

// GET /api/workflows/{workflow_id}[?wait_ms=N]: the caller's tenant's
// execution (an operator with supervisor:read may read any); with wait_ms a
// running one is answered when it ends or after N ms.
void on_workflow(const account_services_ptr &services,
                 const http_request &request, responder reply) {
  auto claims = caller_of(*services, request, reply);
  if (!claims)
    return;
  auto wait = wait_of(request);
  if (auto *bad = std::get_if<http_response>(&wait))
    return reply.send(std::move(*bad));
  auto wait_ms = std::get<std::int64_t>(wait);
  bool any_tenant = jwt::has_scope(*claims, "supervisor:read");
  ask_registry<workflow_info>(
      *services, reply,
      services->registry_timeout + std::chrono::milliseconds(wait_ms), 200,
      workflow_json, workflow_atom::value, claims->tid,
      request.path_params.at("workflow_id"), any_tenant, wait_ms);
}

std::variant<tenant_quotas, http_response>
read_quotas(const std::string &body) {
  auto parsed = parse_json_object(
      body, {"max_workers", "max_running_jobs", "max_pending_jobs"});
  if (auto *bad = std::get_if<http_response>(&parsed))
    return std::move(*bad);
  const auto &object = std::get<json>(parsed);
  auto workers = required_integer(object, "max_workers", -1, 1 << 20);
  auto running = required_integer(object, "max_running_jobs", 0, 1 << 30);
  auto pending = required_integer(object, "max_pending_jobs", 0, 1 << 30);
  for (auto *field : {&workers, &running, &pending})
    if (auto *bad = std::get_if<http_response>(field))
      return std::move(*bad);
  return tenant_quotas{static_cast<std::int32_t>(std::get<0>(workers)),
                       static_cast<std::int32_t>(std::get<0>(running)),
                       static_cast<std::int32_t>(std::get<0>(pending))};
}

// PUT /api/tenants/{tenant_id}/quotas (supervisor:write): all three limits.
void on_set_quotas(const account_services_ptr &services,
                   const http_request &request, responder reply) {
  if (!caller_of(*services, request, reply, "supervisor:write"))
    return;
  auto quotas = read_quotas(request.body);
  if (auto *bad = std::get_if<http_response>(&quotas))
    return reply.send(std::move(*bad));
  auto to_json = [](const tenant_info &tenant) {
    auto body = quotas_json(tenant.quotas);
    body["tenant_id"] = tenant.tenant_id;
    return body;
  };
  ask_registry<tenant_info>(*services, reply, services->registry_timeout, 200,
                            to_json, quotas_atom::value,
                            request.path_params.at("tenant_id"),
                            std::get<tenant_quotas>(quotas));
}

// POST /api/tenants/{tenant_id}/provision (supervisor:write): 202 with the
// new execution; 409 unless the tenant is failed.
void on_provision(const account_services_ptr &services,
                  const http_request &request, responder reply) {
  if (!caller_of(*services, request, reply, "supervisor:write"))
    return;
  ask_registry<workflow_info>(*services, reply, services->registry_timeout, 202,
                              workflow_json, provision_atom::value,
                              request.path_params.at("tenant_id"));
}

} // namespace

void add_tenant_routes(router &routes, account_services_ptr services) {
  routes.add("GET", "/api/tenants/me", with_services(services, on_my_tenant));
  routes.add("GET", "/api/workflows/{workflow_id}",
             with_services(services, on_workflow));
  routes.add("PUT", "/api/tenants/{tenant_id}/quotas",
             with_services(services, on_set_quotas));
  routes.add("POST", "/api/tenants/{tenant_id}/provision",
             with_services(services, on_provision));
}

} // namespace orch::api
