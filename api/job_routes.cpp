#include "api/job_routes.hpp"

#include "actors/errors.hpp"
#include "api/actor_call.hpp"
#include "api/idempotency_key.hpp"
#include "api/job_json.hpp"
#include "api/problem.hpp"
#include "api/wait_param.hpp"

#include <caf/all.hpp>

#include <optional>

namespace orch::api {

namespace {

using nlohmann::json;
using claims = jwt::claims;

constexpr int default_page_size = 20;
constexpr int max_page_size = 100;

// A job in memory comes from the supervisor; one that left memory from
// the database. With wait_ms a live job that is not terminal is answered
// when it ends or after wait_ms, whichever comes first.
void get_job(const route_context &c, const std::string &tenant,
             const std::string &id, std::int64_t wait_ms, responder reply) {
  spawn_one_shot(*c.system, [=](caf::event_based_actor *self) {
    auto answer = [reply](job_info &job) {
      reply.send(json_response(200, job_to_json(job)));
    };
    auto fail = [reply](caf::error &e) { reply.send(problem_from_error(e)); };
    auto look_up = [=] {
      self->request(c.supervisor, c.deadline, caf::get_atom::value, tenant, id)
          .then(answer, [=](caf::error &e) {
            if (!is_orch_error(e, orch_errc::not_found))
              return fail(e);
            self->request(c.reader, c.deadline, caf::get_atom::value, tenant,
                          id)
                .then(answer, fail);
          });
    };
    if (wait_ms <= 0)
      return look_up();
    self->request(c.supervisor, c.deadline + std::chrono::milliseconds(wait_ms),
                  await_atom::value, tenant, id, wait_ms)
        .then([=](bool) { look_up(); }, fail);
  });
}

// Cancel of a job that left memory: it is terminal (409) or unknown (404).
void cancel_job(const route_context &c, const std::string &tenant,
                const std::string &id, responder reply) {
  spawn_one_shot(*c.system, [=](caf::event_based_actor *self) {
    auto fail = [reply](caf::error &e) { reply.send(problem_from_error(e)); };
    self->request(c.supervisor, c.deadline, cancel_atom::value, tenant, id)
        .then(
            [reply](job_info &job) {
              reply.send(json_response(200, job_to_json(job)));
            },
            [=](caf::error &e) {
              if (!is_orch_error(e, orch_errc::not_found))
                return fail(e);
              self->request(c.reader, c.deadline, caf::get_atom::value, tenant,
                            id)
                  .then(
                      [reply](job_info &job) {
                        reply.send(
                            problem(409, status_title(409),
                                    "job is already " +
                                        std::string(to_string(job.status))));
                      },
                      fail);
            });
  });
}

// Sends the submit: a keyed one answers 201 with the job it created, or 200
// with the job an earlier request with the same key created, as it is now.
void send_submit(caf::event_based_actor *self, const route_context &c,
                 const job_spec &spec, const std::optional<keyed_request> &key,
                 responder reply) {
  auto created = [reply](job_info &job) {
    reply.send(json_response(201, job_to_json(job)));
  };
  if (!key)
    return self->request(c.supervisor, c.deadline, submit_atom::value, spec)
        .then(created,
              [reply](caf::error &e) { reply.send(problem_from_error(e)); });
  auto fail = [reply, named = key->given_as](caf::error &e) {
    reply.send(problem_from_error(e, named));
  };
  self->request(c.supervisor, c.deadline, submit_atom::value, spec,
                key->request)
      .then(
          [=](job_submission &submitted) {
            if (!submitted.replayed)
              return created(submitted.job);
            get_job(c, spec.tenant_id, submitted.job.job_id, 0, reply);
          },
          fail);
}

// A tenant that is not ready (provisioning pending, running or failed) has
// nothing to run jobs on yet: 409, and no job is created.
void submit_if_ready(const route_context &c, job_spec spec,
                     std::optional<keyed_request> key, responder reply) {
  spawn_one_shot(*c.system, [=](caf::event_based_actor *self) {
    self->request(c.registry, c.deadline, tenant_atom::value, spec.tenant_id)
        .then(
            [=](tenant_info &tenant) {
              if (tenant.status == tenant_status::ready)
                return send_submit(self, c, spec, key, reply);
              reply.send(problem(409, status_title(409),
                                 "tenant " + tenant.tenant_id +
                                     " is not ready: it is " +
                                     std::string(to_string(tenant.status))));
            },
            [reply](caf::error &e) { reply.send(problem_from_error(e)); });
  });
}

void submit(const route_context &c, const http_request &request,
            const claims &caller, responder reply) {
  auto body = json::parse(request.body, nullptr, false);
  auto parsed = parse_job_spec(body, caller.tid);
  if (auto *bad = std::get_if<http_response>(&parsed))
    return reply.send(std::move(*bad));
  auto key = keyed_request_of(request, body);
  if (auto *bad = std::get_if<http_response>(&key))
    return reply.send(std::move(*bad));
  auto &spec = std::get<job_spec>(parsed);
  if (spec.task.kind == task_kind::command)
    if (auto refused = require_scope(caller, "jobs:exec"))
      return reply.send(std::move(*refused));
  submit_if_ready(c, std::move(spec),
                  std::move(std::get<std::optional<keyed_request>>(key)),
                  reply);
}

std::optional<int> page_size(const http_request &request) {
  auto it = request.query.find("limit");
  if (it == request.query.end())
    return default_page_size;
  const auto &text = it->second;
  if (text.empty() || text.size() > 3 ||
      text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  auto n = std::stoi(text);
  if (n < 1 || n > max_page_size)
    return std::nullopt;
  return n;
}

std::string query_value(const http_request &request, const std::string &key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? std::string{} : it->second;
}

// A page of the tenant's jobs from the database, newest first.
void list_jobs(const route_context &c, const http_request &request,
               const claims &caller, responder reply) {
  auto limit = page_size(request);
  if (!limit)
    return reply.send(
        invalid_field_problem("limit", "must be an integer from 1 to 100"));
  auto status = query_value(request, "status");
  if (!status.empty() && !parse_job_state(status))
    return reply.send(invalid_field_problem("status", "is not a job status"));
  call<job_page>(
      *c.system, c.reader, c.deadline, reply,
      [](job_page &page) {
        json jobs = json::array();
        for (const auto &job : page.jobs)
          jobs.push_back(job_to_json(job));
        return json_response(
            200, {{"jobs", jobs}, {"next_cursor", page.next_cursor}});
      },
      list_jobs_atom::value, caller.tid, status,
      static_cast<std::int32_t>(*limit), query_value(request, "cursor"));
}

} // namespace

void add_job_routes(router &routes, const route_context &context) {
  const auto c = context;
  routes.add("POST", "/api/jobs/submit",
             guarded(c, "jobs:write",
                     [c](const http_request &r, const claims &who,
                         responder reply) { submit(c, r, who, reply); }));
  routes.add(
      "GET", "/api/jobs/{id}",
      guarded(c, "jobs:read",
              [c](const http_request &r, const claims &who, responder reply) {
                auto wait = wait_of(r);
                if (auto *bad = std::get_if<http_response>(&wait))
                  return reply.send(std::move(*bad));
                get_job(c, who.tid, r.path_params.at("id"),
                        std::get<std::int64_t>(wait), reply);
              }));
  routes.add(
      "POST", "/api/jobs/{id}/cancel",
      guarded(c, "jobs:write",
              [c](const http_request &r, const claims &who, responder reply) {
                cancel_job(c, who.tid, r.path_params.at("id"), reply);
              }));
  routes.add("GET", "/api/jobs",
             guarded(c, "jobs:read",
                     [c](const http_request &r, const claims &who,
                         responder reply) { list_jobs(c, r, who, reply); }));
}

} // namespace orch::api
