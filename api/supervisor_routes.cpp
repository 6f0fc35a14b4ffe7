#include "api/supervisor_routes.hpp"

#include "api/actor_call.hpp"
#include "api/rfc3339.hpp"

#include <caf/all.hpp>

namespace orch::api {

namespace {

using nlohmann::json;
using claims = jwt::claims;

json worker_to_json(const worker_info &w) {
  return {{"worker_id", w.worker_id},
          {"status", to_string(w.status)},
          {"node", w.node},
          {"current_job_id",
           w.current_job_id.empty() ? json(nullptr) : json(w.current_job_id)},
          {"allocation_id",
           w.allocation_id.empty() ? json(nullptr) : json(w.allocation_id)},
          {"jobs_completed", w.jobs_completed},
          {"last_heartbeat_at", rfc3339_or_null(w.last_heartbeat_ms)}};
}

http_response one_worker(worker_info &w) {
  return json_response(200, worker_to_json(w));
}

http_response metrics_to_response(supervisor_metrics &m) {
  return json_response(200, {{"workers_by_state", m.workers_by_state},
                             {"jobs_by_state", m.jobs_by_state},
                             {"queue_depth", m.queue_depth},
                             {"jobs_submitted", m.jobs_submitted},
                             {"jobs_completed", m.jobs_completed},
                             {"jobs_failed", m.jobs_failed},
                             {"jobs_ended_by_state", m.jobs_ended_by_state},
                             {"completed_per_second", m.completed_per_second},
                             {"idempotency_keys", m.idempotency_keys}});
}

// POST /api/supervisor/workers/{id}/<verb>: the worker after `Atom`.
template <class Atom>
void add_worker_command(router &routes, const route_context &c,
                        const std::string &verb) {
  routes.add(
      "POST", "/api/supervisor/workers/{id}/" + verb,
      guarded(c, "supervisor:write",
              [c](const http_request &r, const claims &, responder reply) {
                call<worker_info>(*c.system, c.supervisor, c.deadline, reply,
                                  one_worker, Atom::value,
                                  r.path_params.at("id"));
              }));
}

} // namespace

void add_supervisor_routes(router &routes, const route_context &context) {
  const auto c = context;
  routes.add(
      "GET", "/api/supervisor/workers",
      guarded(c, "supervisor:read",
              [c](const http_request &, const claims &, responder reply) {
                call<std::vector<worker_info>>(
                    *c.system, c.supervisor, c.deadline, reply,
                    [](std::vector<worker_info> &all) {
                      json list = json::array();
                      for (const auto &w : all)
                        list.push_back(worker_to_json(w));
                      return json_response(200, {{"workers", list}});
                    },
                    workers_atom::value);
              }));
  routes.add(
      "GET", "/api/supervisor/workers/{id}",
      guarded(c, "supervisor:read",
              [c](const http_request &r, const claims &, responder reply) {
                call<worker_info>(*c.system, c.supervisor, c.deadline, reply,
                                  one_worker, workers_atom::value,
                                  r.path_params.at("id"));
              }));
  add_worker_command<pause_atom>(routes, c, "pause");
  add_worker_command<resume_atom>(routes, c, "resume");
  add_worker_command<terminate_atom>(routes, c, "terminate");
  routes.add(
      "GET", "/api/supervisor/metrics",
      guarded(c, "supervisor:read",
              [c](const http_request &, const claims &, responder reply) {
                call<supervisor_metrics>(*c.system, c.supervisor, c.deadline,
                                         reply, metrics_to_response,
                                         metrics_atom::value);
              }));
}

} // namespace orch::api
