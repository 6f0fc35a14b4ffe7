#include "persistence/job_bulk_rows.hpp"

#include "persistence/dialect.hpp"
#include "persistence/json_codec.hpp"
#include "persistence/nullable.hpp"

#include <unordered_map>

namespace orch::persistence::job_bulk_rows {

namespace {

// Well below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
constexpr std::size_t jobs_per_chunk = 200;
constexpr std::size_t events_per_statement = 500;

const char *const upsert_head =
    "INSERT INTO jobs (job_id, tenant_id, status, seq, task_description, task,"
    " required_workers, priority, attempt, max_attempts, timeout_ms,"
    " waiting_reason, error, result, worker_ids, created_at, started_at,"
    " finished_at) VALUES ";
constexpr std::size_t upsert_columns = 18;
// tenant_id, seq, created_at and the spec are written once.
const char *const upsert_tail =
    " ON CONFLICT (job_id) DO UPDATE SET status = excluded.status,"
    " attempt = excluded.attempt, waiting_reason = excluded.waiting_reason,"
    " error = excluded.error, result = excluded.result,"
    " worker_ids = excluded.worker_ids, started_at = excluded.started_at,"
    " finished_at = excluded.finished_at"
    " WHERE jobs.tenant_id = excluded.tenant_id";

struct stored_job {
  std::string tenant_id;
  long long events = 0;
};

// The encoded columns of one job, alive until its statement ran (use()
// binds by reference).
struct encoded_job {
  explicit encoded_job(const orch::job_info &j)
      : job(&j), status(orch::to_string(j.status)),
        task(encode_task(j.spec.task)), result(encode_result(j.result)),
        workers(encode_strings(j.worker_ids)), waiting(j.waiting_reason),
        error(j.error), started(j.started_at_ms), finished(j.finished_at_ms) {}
  const orch::job_info *job;
  std::string status, task, result, workers;
  nullable_text waiting, error;
  nullable_time started, finished;
};

struct encoded_event {
  const std::string *job_id;
  long long seq, at;
  std::string from, to;
  const std::string *reason;
};

// "(:p0,:p1),(:p2,:p3)" or "(?,?),(?,?)": SOCI binds by position.
std::string value_rows(soci::session &sql, std::size_t rows,
                       std::size_t columns) {
  auto kind = backend_of(sql);
  auto sql_dialect = dialect_for(kind ? *kind : backend::postgresql);
  std::string text;
  std::size_t next = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    text += r == 0 ? "(" : ",(";
    for (std::size_t c = 0; c < columns; ++c)
      text += (c == 0 ? "" : ",") + sql_dialect.parameter(next++);
    text += ")";
  }
  return text;
}

void run(soci::statement &st, const std::string &query, bool with_rows) {
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(!with_rows);
}

std::unordered_map<std::string, stored_job>
read_stored(soci::session &sql, const orch::job_info *first,
            std::size_t count) {
  std::string query =
      "SELECT j.job_id, j.tenant_id, (SELECT COALESCE(MAX(e.seq), 0)"
      " FROM job_events e WHERE e.job_id = j.job_id) FROM jobs j"
      " WHERE j.job_id IN " +
      value_rows(sql, 1, count);
  std::string id;
  stored_job row;
  soci::statement st(sql);
  st.exchange(soci::into(id));
  st.exchange(soci::into(row.tenant_id));
  st.exchange(soci::into(row.events));
  for (std::size_t i = 0; i < count; ++i)
    st.exchange(soci::use(first[i].job_id));
  run(st, query, true);
  std::unordered_map<std::string, stored_job> stored;
  while (st.fetch())
    stored[id] = row;
  return stored;
}

void bind_job(soci::statement &st, encoded_job &e) {
  const auto &j = *e.job;
  st.exchange(soci::use(j.job_id));
  st.exchange(soci::use(j.spec.tenant_id));
  st.exchange(soci::use(e.status));
  st.exchange(soci::use(j.seq));
  st.exchange(soci::use(j.spec.task_description));
  st.exchange(soci::use(e.task));
  st.exchange(soci::use(j.spec.required_workers));
  st.exchange(soci::use(j.spec.priority));
  st.exchange(soci::use(j.attempt));
  st.exchange(soci::use(j.spec.max_attempts));
  st.exchange(soci::use(j.spec.timeout_ms));
  st.exchange(soci::use(e.waiting.value, e.waiting.ind));
  st.exchange(soci::use(e.error.value, e.error.ind));
  st.exchange(soci::use(e.result));
  st.exchange(soci::use(e.workers));
  st.exchange(soci::use(j.created_at_ms));
  st.exchange(soci::use(e.started.value, e.started.ind));
  st.exchange(soci::use(e.finished.value, e.finished.ind));
}

void upsert(soci::session &sql, std::vector<encoded_job> &rows) {
  soci::statement st(sql);
  for (auto &row : rows)
    bind_job(st, row);
  run(st,
      upsert_head + value_rows(sql, rows.size(), upsert_columns) + upsert_tail,
      false);
}

void insert_events(soci::session &sql,
                   const std::vector<encoded_event> &events) {
  for (std::size_t at = 0; at < events.size(); at += events_per_statement) {
    auto end = std::min(events.size(), at + events_per_statement);
    soci::statement st(sql);
    for (auto i = at; i < end; ++i) {
      const auto &e = events[i];
      st.exchange(soci::use(*e.job_id));
      st.exchange(soci::use(e.seq));
      st.exchange(soci::use(e.at));
      st.exchange(soci::use(e.from));
      st.exchange(soci::use(e.to));
      st.exchange(soci::use(*e.reason));
    }
    run(st,
        "INSERT INTO job_events (job_id, seq, at, from_status, to_status,"
        " reason) VALUES " +
            value_rows(sql, end - at, 6),
        false);
  }
}

// Events of `job` after the `stored` first ones, seq = index + 1.
void add_new_events(std::vector<encoded_event> &out, const orch::job_info &job,
                    long long stored) {
  for (auto i = static_cast<std::size_t>(stored); i < job.events.size(); ++i) {
    const auto &event = job.events[i];
    out.push_back({&job.job_id, static_cast<long long>(i) + 1, event.at_ms,
                   std::string(orch::to_string(event.from)),
                   std::string(orch::to_string(event.to)), &event.reason});
  }
}

void write_chunk(soci::session &sql, const orch::job_info *first,
                 std::size_t count, std::vector<std::string> &refused) {
  auto stored = read_stored(sql, first, count);
  std::vector<encoded_job> rows;
  std::vector<encoded_event> events;
  rows.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto &job = first[i];
    auto found = stored.find(job.job_id);
    long long known = found == stored.end() ? 0 : found->second.events;
    if (found != stored.end() && found->second.tenant_id != job.spec.tenant_id)
      refused.push_back(job.job_id);
    else if (known <= static_cast<long long>(job.events.size())) {
      rows.emplace_back(job);
      add_new_events(events, job, known);
    }
  }
  if (!rows.empty())
    upsert(sql, rows);
  insert_events(sql, events);
}

} // namespace

std::vector<std::string> write(soci::session &sql,
                               const std::vector<orch::job_info> &jobs) {
  std::vector<std::string> refused;
  for (std::size_t at = 0; at < jobs.size(); at += jobs_per_chunk)
    write_chunk(sql, jobs.data() + at,
                std::min(jobs_per_chunk, jobs.size() - at), refused);
  return refused;
}

} // namespace orch::persistence::job_bulk_rows
