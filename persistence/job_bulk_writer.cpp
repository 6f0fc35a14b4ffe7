#include "persistence/job_bulk_writer.hpp"

#include "persistence/json_codec.hpp"

#include "actors/job_state.hpp"

namespace orch::persistence {

namespace {

const char *const read_head =
    "SELECT j.job_id, j.tenant_id, (SELECT COALESCE(MAX(e.seq), 0)"
    " FROM job_events e WHERE e.job_id = j.job_id) FROM jobs j"
    " WHERE j.job_id IN (";

const char *const upsert_head =
    "INSERT INTO jobs (job_id, tenant_id, status, seq, task_description, task,"
    " required_workers, priority, attempt, max_attempts, timeout_ms,"
    " waiting_reason, error, result, worker_ids, created_at, started_at,"
    " finished_at) VALUES ";
// tenant_id, seq, created_at and the spec are written once.
const char *const upsert_tail =
    " ON CONFLICT (job_id) DO UPDATE SET status = excluded.status,"
    " attempt = excluded.attempt, waiting_reason = excluded.waiting_reason,"
    " error = excluded.error, result = excluded.result,"
    " worker_ids = excluded.worker_ids, started_at = excluded.started_at,"
    " finished_at = excluded.finished_at"
    " WHERE jobs.tenant_id = excluded.tenant_id";

const char *const events_head =
    "INSERT INTO job_events (job_id, seq, at, from_status, to_status,"
    " reason) VALUES ";

// The columns of one job row, in upsert_head's order.
struct job_row {
  static constexpr std::size_t columns = 18;
  std::string job_id, tenant_id, status, description, task, result, workers;
  std::int64_t seq = 0, timeout_ms = 0, created = 0;
  std::int32_t required_workers = 0, priority = 0, attempt = 0,
               max_attempts = 0;
  std::string waiting, error;
  std::int64_t started = 0, finished = 0;
  soci::indicator waiting_ind{}, error_ind{}, started_ind{}, finished_ind{};

  void bind(soci::statement &st) {
    st.exchange(soci::use(job_id));
    st.exchange(soci::use(tenant_id));
    st.exchange(soci::use(status));
    st.exchange(soci::use(seq));
    st.exchange(soci::use(description));
    st.exchange(soci::use(task));
    st.exchange(soci::use(required_workers));
    st.exchange(soci::use(priority));
    st.exchange(soci::use(attempt));
    st.exchange(soci::use(max_attempts));
    st.exchange(soci::use(timeout_ms));
    st.exchange(soci::use(waiting, waiting_ind));
    st.exchange(soci::use(error, error_ind));
    st.exchange(soci::use(result));
    st.exchange(soci::use(workers));
    st.exchange(soci::use(created));
    st.exchange(soci::use(started, started_ind));
    st.exchange(soci::use(finished, finished_ind));
  }

  // The in-memory "" and 0 for "none" are stored as NULL.
  void fill(const orch::job_info &j) {
    job_id = j.job_id;
    tenant_id = j.spec.tenant_id;
    status = orch::to_string(j.status);
    seq = j.seq;
    description = j.spec.task_description;
    task = encode_task(j.spec.task);
    required_workers = j.spec.required_workers;
    priority = j.spec.priority;
    attempt = j.attempt;
    max_attempts = j.spec.max_attempts;
    timeout_ms = j.spec.timeout_ms;
    waiting = j.waiting_reason;
    waiting_ind = waiting.empty() ? soci::i_null : soci::i_ok;
    error = j.error;
    error_ind = error.empty() ? soci::i_null : soci::i_ok;
    result = encode_result(j.result);
    workers = encode_strings(j.worker_ids);
    created = j.created_at_ms;
    started = j.started_at_ms;
    started_ind = started == 0 ? soci::i_null : soci::i_ok;
    finished = j.finished_at_ms;
    finished_ind = finished == 0 ? soci::i_null : soci::i_ok;
  }
};

struct event_row {
  static constexpr std::size_t columns = 6;
  std::string job_id;
  std::int64_t seq = 0, at = 0;
  std::string from, to, reason;

  void bind(soci::statement &st) {
    st.exchange(soci::use(job_id));
    st.exchange(soci::use(seq));
    st.exchange(soci::use(at));
    st.exchange(soci::use(from));
    st.exchange(soci::use(to));
    st.exchange(soci::use(reason));
  }
};

struct id_row {
  static constexpr std::size_t columns = 1;
  std::string job_id;

  void bind(soci::statement &st) { st.exchange(soci::use(job_id)); }
};

struct stored_columns {
  static constexpr bool selects = true;
  std::string job_id, tenant_id;
  long long events = 0;

  void bind(soci::statement &st) {
    st.exchange(soci::into(job_id));
    st.exchange(soci::into(tenant_id));
    st.exchange(soci::into(events));
  }
};

struct new_event {
  const orch::job_info *job;
  std::size_t index;
};

using stored_map = std::unordered_map<std::string, job_bulk_writer::stored_job>;

const job_bulk_writer::stored_job *find_stored(const stored_map &jobs,
                                               const std::string &id) {
  auto found = jobs.find(id);
  return found == jobs.end() ? nullptr : &found->second;
}

} // namespace

struct job_bulk_writer::statements {
  explicit statements(soci::session &sql)
      : read(sql, read_head, ")"), upsert(sql, upsert_head, upsert_tail),
        events(sql, events_head, "") {}
  prepared_rows<id_row, stored_columns> read;
  prepared_rows<job_row> upsert;
  prepared_rows<event_row> events;
};

job_bulk_writer::job_bulk_writer(soci::session &sql)
    : statements_(std::make_unique<statements>(sql)) {}

job_bulk_writer::~job_bulk_writer() = default;

std::unordered_map<std::string, job_bulk_writer::stored_job>
job_bulk_writer::read_stored(const std::vector<const orch::job_info *> &jobs) {
  std::unordered_map<std::string, stored_job> stored;
  statements_->read.run(
      jobs.size(),
      [&](id_row &row, std::size_t i) { row.job_id = jobs[i]->job_id; },
      [&](auto &prepared) {
        while (prepared.st.fetch())
          stored[prepared.out.job_id] = {
              prepared.out.tenant_id,
              static_cast<std::size_t>(prepared.out.events)};
      });
  return stored;
}

// Upserts the rows, then appends the events each has beyond the stored
// ones, seq = index + 1.
void job_bulk_writer::write_rows(const std::vector<job_to_write> &rows) {
  statements_->upsert.run(
      rows.size(), [&](job_row &row, std::size_t i) { row.fill(*rows[i].job); },
      [](auto &) {});
  std::vector<new_event> events;
  for (const auto &r : rows) {
    const auto &job = *r.job;
    for (auto i = r.stored_events; i < job.events.size(); ++i)
      events.push_back({&job, i});
    auto tenant = is_terminal(job.status) ? std::string() : job.spec.tenant_id;
    staged_.push_back({job.job_id, {tenant, job.events.size()}});
  }
  statements_->events.run(
      events.size(),
      [&](event_row &row, std::size_t i) {
        const auto &job = *events[i].job;
        const auto &event = job.events[events[i].index];
        row.job_id = job.job_id;
        row.seq = static_cast<std::int64_t>(events[i].index) + 1;
        row.at = event.at_ms;
        row.from = orch::to_string(event.from);
        row.to = orch::to_string(event.to);
        row.reason = event.reason;
      },
      [](auto &) {});
}

std::vector<std::string>
job_bulk_writer::write(const std::vector<orch::job_info> &jobs) {
  staged_.clear();
  std::vector<const orch::job_info *> unknown;
  for (const auto &job : jobs)
    if (!known_.count(job.job_id))
      unknown.push_back(&job);
  auto stored = read_stored(unknown);
  std::vector<std::string> refused;
  std::vector<job_to_write> rows;
  for (const auto &job : jobs) {
    const auto *before = find_stored(known_, job.job_id);
    if (before == nullptr)
      before = find_stored(stored, job.job_id);
    auto events = before == nullptr ? std::size_t{0} : before->events;
    if (before != nullptr && before->tenant_id != job.spec.tenant_id)
      refused.push_back(job.job_id);
    else if (events <= job.events.size())
      rows.push_back({&job, events});
  }
  write_rows(rows);
  return refused;
}

void job_bulk_writer::committed() {
  for (auto &[id, stored] : staged_)
    if (stored.tenant_id.empty())
      known_.erase(id);
    else
      known_[id] = std::move(stored);
  staged_.clear();
}

} // namespace orch::persistence
