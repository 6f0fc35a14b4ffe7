#include "persistence/job_rows.hpp"

#include "persistence/db_status.hpp"
#include "persistence/json_codec.hpp"
#include "persistence/nullable.hpp"

#include <optional>
#include <unordered_map>

namespace orch::persistence::job_rows {

const char *const columns =
    "job_id, tenant_id, status, task_description, task, required_workers,"
    " priority, attempt, max_attempts, timeout_ms, waiting_reason, error,"
    " result, worker_ids, created_at, started_at, finished_at, seq";

namespace {

// Fetch targets of `columns`.
struct job_row {
  std::string job_id, tenant_id, status, description, task;
  int required_workers = 0, priority = 0, attempt = 0, max_attempts = 0;
  std::int64_t timeout_ms = 0;
  std::string waiting_reason, error, result, worker_ids;
  std::int64_t created_at = 0, started_at = 0, finished_at = 0, seq = 0;
  soci::indicator waiting_ind = soci::i_ok, error_ind = soci::i_ok,
                  started_ind = soci::i_ok, finished_ind = soci::i_ok;
};

struct event_row {
  std::string job_id;
  std::int64_t at = 0;
  std::string from, to, reason;
};

template <class T> T require(std::optional<T> value) {
  if (!value)
    throw database_error(db_status::corrupt);
  return std::move(*value);
}

void bind_row(soci::statement &st, job_row &r) {
  st.exchange(soci::into(r.job_id));
  st.exchange(soci::into(r.tenant_id));
  st.exchange(soci::into(r.status));
  st.exchange(soci::into(r.description));
  st.exchange(soci::into(r.task));
  st.exchange(soci::into(r.required_workers));
  st.exchange(soci::into(r.priority));
  st.exchange(soci::into(r.attempt));
  st.exchange(soci::into(r.max_attempts));
  st.exchange(soci::into(r.timeout_ms));
  st.exchange(soci::into(r.waiting_reason, r.waiting_ind));
  st.exchange(soci::into(r.error, r.error_ind));
  st.exchange(soci::into(r.result));
  st.exchange(soci::into(r.worker_ids));
  st.exchange(soci::into(r.created_at));
  st.exchange(soci::into(r.started_at, r.started_ind));
  st.exchange(soci::into(r.finished_at, r.finished_ind));
  st.exchange(soci::into(r.seq));
}

orch::job_info decode(const job_row &r) {
  orch::job_info job;
  job.job_id = r.job_id;
  job.spec.tenant_id = r.tenant_id;
  job.spec.task_description = r.description;
  job.spec.required_workers = r.required_workers;
  job.spec.priority = r.priority;
  job.spec.max_attempts = r.max_attempts;
  job.spec.timeout_ms = r.timeout_ms;
  job.spec.task = require(decode_task(r.task));
  job.status = require(orch::parse_job_state(r.status));
  job.attempt = r.attempt;
  job.waiting_reason = text_or_empty(r.waiting_reason, r.waiting_ind);
  job.error = text_or_empty(r.error, r.error_ind);
  job.result = require(decode_result(r.result));
  job.worker_ids = require(decode_strings(r.worker_ids));
  job.created_at_ms = r.created_at;
  job.started_at_ms = time_or_zero(r.started_at, r.started_ind);
  job.finished_at_ms = time_or_zero(r.finished_at, r.finished_ind);
  job.seq = r.seq;
  return job;
}

orch::job_event decode_event(const event_row &e) {
  return {e.at, require(orch::parse_job_state(e.from)),
          require(orch::parse_job_state(e.to)), e.reason};
}

} // namespace

std::vector<orch::job_info>
fetch(soci::session &sql, const std::string &query,
      const std::function<void(soci::statement &)> &bind_uses) {
  job_row row;
  soci::statement st(sql);
  bind_row(st, row);
  bind_uses(st);
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  std::vector<orch::job_info> jobs;
  while (st.fetch())
    jobs.push_back(decode(row));
  return jobs;
}

void load_events(soci::session &sql, std::vector<orch::job_info> &jobs) {
  if (jobs.empty())
    return;
  std::string job_id;
  event_row e;
  soci::statement st =
      (sql.prepare << "SELECT at, from_status, to_status, reason"
                      " FROM job_events WHERE job_id = :job_id ORDER BY seq",
       soci::into(e.at), soci::into(e.from), soci::into(e.to),
       soci::into(e.reason), soci::use(job_id));
  for (auto &job : jobs) {
    job_id = job.job_id;
    st.execute(false);
    while (st.fetch())
      job.events.push_back(decode_event(e));
  }
}

void load_unfinished_events(soci::session &sql,
                            std::vector<orch::job_info> &jobs) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    index.emplace(jobs[i].job_id, i);
  event_row e;
  soci::statement st =
      (sql.prepare << "SELECT e.job_id, e.at, e.from_status, e.to_status,"
                      " e.reason FROM job_events e"
                      " JOIN jobs j ON j.job_id = e.job_id"
                      " WHERE j.status IN ('pending', 'running')"
                      " ORDER BY e.job_id, e.seq",
       soci::into(e.job_id), soci::into(e.at), soci::into(e.from),
       soci::into(e.to), soci::into(e.reason));
  st.execute(false);
  while (st.fetch()) {
    auto found = index.find(e.job_id);
    if (found != index.end())
      jobs[found->second].events.push_back(decode_event(e));
  }
}

std::int64_t stored_event_count(soci::session &sql, const std::string &job_id) {
  std::int64_t count = 0;
  sql << "SELECT COALESCE(MAX(seq), 0) FROM job_events WHERE job_id = :id",
      soci::into(count), soci::use(job_id);
  return count;
}

long long upsert_row(soci::session &sql, const orch::job_info &job,
                     std::int64_t seq) {
  std::string status(orch::to_string(job.status));
  auto task = encode_task(job.spec.task);
  auto result = encode_result(job.result);
  auto workers = encode_strings(job.worker_ids);
  nullable_text waiting(job.waiting_reason), error(job.error);
  nullable_time started(job.started_at_ms), finished(job.finished_at_ms);
  // tenant_id, seq, created_at and the spec are written once; a job id that
  // belongs to another tenant is left alone (0 rows affected).
  soci::statement st =
      (sql.prepare
           << "INSERT INTO jobs (job_id, tenant_id, status, seq,"
              " task_description, task, required_workers, priority, attempt,"
              " max_attempts, timeout_ms, waiting_reason, error, result,"
              " worker_ids, created_at, started_at, finished_at)"
              " VALUES (:id, :tenant, :status, :seq, :description, :task,"
              " :required, :priority, :attempt, :max_attempts, :timeout,"
              " :waiting, :error, :result, :workers, :created, :started,"
              " :finished)"
              " ON CONFLICT (job_id) DO UPDATE SET status = excluded.status,"
              " attempt = excluded.attempt,"
              " waiting_reason = excluded.waiting_reason,"
              " error = excluded.error, result = excluded.result,"
              " worker_ids = excluded.worker_ids,"
              " started_at = excluded.started_at,"
              " finished_at = excluded.finished_at"
              " WHERE jobs.tenant_id = excluded.tenant_id",
       soci::use(job.job_id), soci::use(job.spec.tenant_id), soci::use(status),
       soci::use(seq), soci::use(job.spec.task_description), soci::use(task),
       soci::use(job.spec.required_workers), soci::use(job.spec.priority),
       soci::use(job.attempt), soci::use(job.spec.max_attempts),
       soci::use(job.spec.timeout_ms), soci::use(waiting.value, waiting.ind),
       soci::use(error.value, error.ind), soci::use(result), soci::use(workers),
       soci::use(job.created_at_ms), soci::use(started.value, started.ind),
       soci::use(finished.value, finished.ind));
  st.execute(true);
  return st.get_affected_rows();
}

void append_events(soci::session &sql, const orch::job_info &job,
                   std::int64_t from) {
  if (static_cast<std::size_t>(from) >= job.events.size())
    return;
  std::int64_t seq = 0, at = 0;
  std::string from_status, to_status, reason;
  soci::statement st =
      (sql.prepare << "INSERT INTO job_events (job_id, seq, at, from_status,"
                      " to_status, reason)"
                      " VALUES (:id, :seq, :at, :from, :to, :reason)",
       soci::use(job.job_id), soci::use(seq), soci::use(at),
       soci::use(from_status), soci::use(to_status), soci::use(reason));
  for (auto i = static_cast<std::size_t>(from); i < job.events.size(); ++i) {
    const auto &event = job.events[i];
    seq = static_cast<std::int64_t>(i) + 1;
    at = event.at_ms;
    from_status = std::string(orch::to_string(event.from));
    to_status = std::string(orch::to_string(event.to));
    reason = event.reason;
    st.execute(true);
  }
}

} // namespace orch::persistence::job_rows
