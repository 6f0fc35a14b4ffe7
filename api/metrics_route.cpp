#include "api/metrics_route.hpp"

#include "api/actor_call.hpp"

namespace orch::api {

namespace {

void labelled_gauge(prometheus_text &out, const std::string &name,
                    const std::string &label, const std::string &help,
                    const std::map<std::string, std::int64_t> &counts) {
  out.family(name, "gauge", help);
  for (const auto &[value, count] : counts)
    out.sample(name, {{label, value}}, static_cast<double>(count));
}

void write_job_metrics(prometheus_text &out, const supervisor_metrics &m) {
  labelled_gauge(out, "orchestrator_jobs", "state",
                 "Jobs in memory by state; finished jobs stay there for the "
                 "retention period.",
                 m.jobs_by_state);
  out.family("orchestrator_queue_depth", "gauge",
             "Pending jobs waiting in the scheduler's queue.");
  out.sample("orchestrator_queue_depth", {},
             static_cast<double>(m.queue_depth));
  out.family("orchestrator_jobs_submitted_total", "counter",
             "Jobs accepted since the server started.");
  out.sample("orchestrator_jobs_submitted_total", {},
             static_cast<double>(m.jobs_submitted));
  out.family("orchestrator_jobs_completed_total", "counter",
             "Jobs that completed successfully since the server started.");
  out.sample("orchestrator_jobs_completed_total", {},
             static_cast<double>(m.jobs_completed));
  out.family("orchestrator_jobs_finished_total", "counter",
             "Jobs that reached a terminal state since the server started, "
             "by outcome.");
  for (const auto &[outcome, count] : m.jobs_ended_by_state)
    out.sample("orchestrator_jobs_finished_total", {{"outcome", outcome}},
               static_cast<double>(count));
  out.family("orchestrator_idempotency_keys", "gauge",
             "Idempotency keys of submits and allocates held in memory; each "
             "is forgotten 24 hours after its first request.");
  out.sample("orchestrator_idempotency_keys", {},
             static_cast<double>(m.idempotency_keys));
}

} // namespace

std::string render_metrics(const supervisor_metrics &supervisor,
                           const std::vector<histogram_sample> &http) {
  prometheus_text out;
  write_job_metrics(out, supervisor);
  labelled_gauge(out, "orchestrator_workers", "state", "Workers by state.",
                 supervisor.workers_by_state);
  const std::string duration = "orchestrator_http_request_duration_seconds";
  out.family(duration, "histogram",
             "Time from a request's arrival to its answer, by route "
             "template, method and status class.");
  for (const auto &series : http)
    out.histogram(duration, request_timings::bounds(), series);
  return out.text();
}

void add_metrics_route(router &routes, const route_context &context) {
  const auto c = context;
  routes.add("GET", "/metrics", [c](const http_request &, responder reply) {
    call<supervisor_metrics>(
        *c.system, c.supervisor, c.deadline, reply,
        [timings = c.timings](supervisor_metrics &m) {
          return http_response{200,
                               prometheus_content_type,
                               {},
                               render_metrics(m, timings->samples())};
        },
        metrics_atom::value);
  });
}

} // namespace orch::api
