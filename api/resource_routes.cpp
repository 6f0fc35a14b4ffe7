#include "api/resource_routes.hpp"

#include "api/actor_call.hpp"
#include "api/idempotency_key.hpp"
#include "api/rfc3339.hpp"

#include <caf/all.hpp>

#include <optional>

namespace orch::api {

namespace {

using nlohmann::json;
using claims = jwt::claims;

json allocation_to_json(const allocation_info &a) {
  return {{"allocation_id", a.allocation_id},
          {"worker_ids", a.worker_ids},
          {"status", a.active ? "active" : "released"},
          {"created_at", rfc3339(a.created_at_ms)},
          {"released_at", rfc3339_or_null(a.released_at_ms)}};
}

http_response quotas_response(tenant_usage &u) {
  return json_response(200, {{"max_workers", u.effective_max_workers},
                             {"available_workers", u.available_workers},
                             {"max_running_jobs", u.quotas.max_running_jobs},
                             {"max_pending_jobs", u.quotas.max_pending_jobs}});
}

http_response usage_response(tenant_usage &u) {
  return json_response(200, {{"workers_held", u.workers_held},
                             {"workers_allocated", u.workers_allocated},
                             {"running_jobs", u.running_jobs},
                             {"pending_jobs", u.pending_jobs},
                             {"jobs_submitted", u.jobs_submitted},
                             {"jobs_completed", u.jobs_completed},
                             {"jobs_failed", u.jobs_failed}});
}

// A keyed allocate answers 201 with the allocation it granted, or 200 with
// the one an earlier request with the same key granted.
void allocate_keyed(const route_context &c, const std::string &tenant,
                    std::int32_t workers, keyed_request key, responder reply) {
  spawn_one_shot(*c.system, [=](caf::event_based_actor *self) {
    self->request(c.supervisor, c.deadline, allocate_atom::value, tenant,
                  workers, key.request)
        .then(
            [reply](allocation_grant &g) {
              reply.send(json_response(g.replayed ? 200 : 201,
                                       allocation_to_json(g.allocation)));
            },
            [reply, named = key.given_as](caf::error &e) {
              reply.send(problem_from_error(e, named));
            });
  });
}

void allocate(const route_context &c, const http_request &r, const claims &who,
              responder reply) {
  auto body = parse_json_object(r.body, {"workers", key_field});
  if (auto *bad = std::get_if<http_response>(&body))
    return reply.send(std::move(*bad));
  auto workers = required_integer(std::get<json>(body), "workers", 1, 1024);
  if (auto *bad = std::get_if<http_response>(&workers))
    return reply.send(std::move(*bad));
  auto key = keyed_request_of(r, std::get<json>(body));
  if (auto *bad = std::get_if<http_response>(&key))
    return reply.send(std::move(*bad));
  auto count = static_cast<std::int32_t>(std::get<std::int64_t>(workers));
  if (auto &given = std::get<std::optional<keyed_request>>(key))
    return allocate_keyed(c, who.tid, count, std::move(*given), reply);
  call<allocation_info>(
      *c.system, c.supervisor, c.deadline, reply,
      [](allocation_info &a) {
        return json_response(201, allocation_to_json(a));
      },
      allocate_atom::value, who.tid, count);
}

void release(const route_context &c, const http_request &r, const claims &who,
             responder reply) {
  auto body = parse_json_object(r.body, {"allocation_id"});
  if (auto *bad = std::get_if<http_response>(&body))
    return reply.send(std::move(*bad));
  auto id = required_string(std::get<json>(body), "allocation_id");
  if (auto *bad = std::get_if<http_response>(&id))
    return reply.send(std::move(*bad));
  call<allocation_info>(
      *c.system, c.supervisor, c.deadline, reply,
      [](allocation_info &a) {
        return json_response(200, allocation_to_json(a));
      },
      release_atom::value, who.tid, std::get<std::string>(id));
}

template <class ToResponse>
handler usage_route(const route_context &c, ToResponse to_response) {
  return guarded(c, "resources:read",
                 [c, to_response](const http_request &, const claims &who,
                                  responder reply) {
                   call<tenant_usage>(*c.system, c.supervisor, c.deadline,
                                      reply, to_response, usage_atom::value,
                                      who.tid);
                 });
}

} // namespace

void add_resource_routes(router &routes, const route_context &context) {
  const auto c = context;
  routes.add("GET", "/api/resources/quotas", usage_route(c, quotas_response));
  routes.add("GET", "/api/resources/usage", usage_route(c, usage_response));
  routes.add("POST", "/api/resources/allocate",
             guarded(c, "resources:write",
                     [c](const http_request &r, const claims &who,
                         responder reply) { allocate(c, r, who, reply); }));
  routes.add("POST", "/api/resources/release",
             guarded(c, "resources:write",
                     [c](const http_request &r, const claims &who,
                         responder reply) { release(c, r, who, reply); }));
}

} // namespace orch::api
