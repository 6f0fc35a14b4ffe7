#include "api/job_json.hpp"

#include "api/rfc3339.hpp"

namespace orch::api {

namespace {

using nlohmann::json;

json task_to_json(const task_spec &task) {
  json out = {{"kind", to_string(task.kind)}};
  if (task.kind == task_kind::sleep)
    out["sleep_ms"] = task.sleep_ms;
  if (task.kind == task_kind::fail)
    out["message"] = task.fail_message;
  if (task.kind == task_kind::command) {
    out["argv"] = task.argv;
    out["env"] = task.env;
    out["cwd"] = task.cwd;
  }
  return out;
}

json events_to_json(const std::vector<job_event> &events) {
  json out = json::array();
  for (const auto &e : events)
    out.push_back({{"at", rfc3339(e.at_ms)},
                   {"from", to_string(e.from)},
                   {"to", to_string(e.to)},
                   {"reason", e.reason}});
  return out;
}

} // namespace

json job_to_json(const job_info &job) {
  return {{"job_id", job.job_id},
          {"status", to_string(job.status)},
          {"task_description", job.spec.task_description},
          {"task", task_to_json(job.spec.task)},
          {"required_workers", job.spec.required_workers},
          {"priority", job.spec.priority},
          {"attempt", job.attempt},
          {"max_attempts", job.spec.max_attempts},
          {"timeout_ms", job.spec.timeout_ms},
          {"waiting_reason", job.waiting_reason},
          {"error", job.error},
          {"result",
           {{"exit_code", job.result.exit_code},
            {"stdout", job.result.stdout_tail},
            {"stderr", job.result.stderr_tail}}},
          {"worker_ids", job.worker_ids},
          {"events", events_to_json(job.events)},
          {"created_at", rfc3339_or_null(job.created_at_ms)},
          {"started_at", rfc3339_or_null(job.started_at_ms)},
          {"finished_at", rfc3339_or_null(job.finished_at_ms)}};
}

} // namespace orch::api
