#include "api/resource_routes.hpp"

#include "api/actor_call.hpp"
#include "api/job_json.hpp"
#include "api/problem.hpp"

#include <caf/all.hpp>

#include <optional>

namespace orch::api {

namespace {

using nlohmann::json;
using claims = jwt::claims;

// The one field of a body {"<field>": value}, or the 422 naming what is
// wrong: not a JSON object, an unknown field, a missing or mistyped value.
std::variant<json, http_response> single_field(const std::string &body,
                                               const std::string &field,
                                               json::value_t type) {
  auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return field_problem("body", "must be a JSON object");
  for (const auto &[name, value] : doc.items())
    if (name != field)
      return field_problem(name, "is not a field of this request");
  if (!doc.contains(field) || doc[field].type() != type)
    return field_problem(field, "is required and must be " +
                                    std::string(json(type).type_name()));
  return doc[field];
}

json allocation_to_json(const allocation_info &a) {
  return {{"allocation_id", a.allocation_id},
          {"worker_ids", a.worker_ids},
          {"status", a.active ? "active" : "released"},
          {"created_at", rfc3339(a.created_at_ms)},
          {"released_at", a.released_at_ms == 0
                              ? json(nullptr)
                              : json(rfc3339(a.released_at_ms))}};
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

void allocate(const route_context &c, const http_request &r, const claims &who,
              responder reply) {
  auto parsed = single_field(r.body, "workers", json::value_t::number_unsigned);
  if (auto *bad = std::get_if<http_response>(&parsed))
    return reply.send(std::move(*bad));
  auto workers = std::get<json>(parsed).get<std::uint64_t>();
  if (workers < 1 || workers > 1024)
    return reply.send(field_problem("workers", "must be from 1 to 1024"));
  call<allocation_info>(
      *c.system, c.supervisor, c.deadline, reply,
      [](allocation_info &a) {
        return json_response(201, allocation_to_json(a));
      },
      allocate_atom::value, who.tid, static_cast<std::int32_t>(workers));
}

void release(const route_context &c, const http_request &r, const claims &who,
             responder reply) {
  auto parsed = single_field(r.body, "allocation_id", json::value_t::string);
  if (auto *bad = std::get_if<http_response>(&parsed))
    return reply.send(std::move(*bad));
  call<allocation_info>(
      *c.system, c.supervisor, c.deadline, reply,
      [](allocation_info &a) {
        return json_response(200, allocation_to_json(a));
      },
      release_atom::value, who.tid, std::get<json>(parsed).get<std::string>());
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
