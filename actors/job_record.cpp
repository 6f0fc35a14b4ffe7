#include "actors/job_record.hpp"

namespace orch {

namespace {

const task_spec default_task{};

bool is_empty(const job_info &info) {
  return info.waiting_reason.empty() && info.error.empty() &&
         info.result.exit_code == 0 && info.result.stdout_tail.empty() &&
         info.result.stderr_tail.empty() && info.worker_ids.empty() &&
         info.events.empty();
}

} // namespace

job_record job_record::from(job_info &&info) {
  job_record record;
  record.job_id = std::move(info.job_id);
  record.tenant_id = std::move(info.spec.tenant_id);
  record.task_description = std::move(info.spec.task_description);
  record.seq = info.seq;
  record.created_at_ms = info.created_at_ms;
  record.started_at_ms = info.started_at_ms;
  record.finished_at_ms = info.finished_at_ms;
  record.timeout_ms = info.spec.timeout_ms;
  record.attempt = info.attempt;
  record.required_workers = info.spec.required_workers;
  record.priority = info.spec.priority;
  record.max_attempts = info.spec.max_attempts;
  record.status = info.status;
  if (info.spec.task != default_task)
    record.task = std::make_unique<task_spec>(std::move(info.spec.task));
  if (!is_empty(info))
    record.history = std::make_unique<job_history>(
        job_history{std::move(info.waiting_reason), std::move(info.error),
                    std::move(info.result), std::move(info.worker_ids),
                    std::move(info.events)});
  return record;
}

job_info job_record::snapshot() const {
  job_info info;
  info.job_id = job_id;
  info.seq = seq;
  info.spec.tenant_id = tenant_id;
  info.spec.task_description = task_description;
  info.spec.required_workers = required_workers;
  info.spec.priority = priority;
  info.spec.max_attempts = max_attempts;
  info.spec.timeout_ms = timeout_ms;
  info.spec.task = task_or_default();
  info.status = status;
  info.attempt = attempt;
  if (history) {
    info.waiting_reason = history->waiting_reason;
    info.error = history->error;
    info.result = history->result;
    info.worker_ids = history->worker_ids;
    info.events = history->events;
  }
  info.created_at_ms = created_at_ms;
  info.started_at_ms = started_at_ms;
  info.finished_at_ms = finished_at_ms;
  return info;
}

const task_spec &job_record::task_or_default() const {
  return task ? *task : default_task;
}

job_history &job_record::record_history() {
  if (!history)
    history = std::make_unique<job_history>();
  return *history;
}

} // namespace orch
