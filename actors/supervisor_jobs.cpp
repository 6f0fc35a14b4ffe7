#include "actors/errors.hpp"
#include "actors/supervisor_state.hpp"

#include <algorithm>

namespace orch {

namespace {

constexpr auto ask_timeout = std::chrono::seconds(10);
constexpr std::int64_t completion_window_ms = 10000;

std::optional<std::string> refuse_spec(supervisor_pointer self,
                                       const job_spec &spec) {
  auto &s = self->state;
  if (spec.required_workers < 1 || spec.max_attempts < 1)
    return "required_workers and max_attempts must be at least 1";
  auto alive = s.pool.alive();
  auto limit = s.ledger.max_workers(spec.tenant_id, alive);
  if (spec.required_workers > static_cast<std::int32_t>(alive) ||
      spec.required_workers > limit)
    return "required_workers " + std::to_string(spec.required_workers) +
           " can never run: the pool has " + std::to_string(alive) +
           " workers and the tenant's max_workers is " + std::to_string(limit);
  return std::nullopt;
}

// Why a queued job is not running yet.
std::string waiting_reason(supervisor_pointer self, const job_entry &entry,
                           const std::string &job_id) {
  auto &s = self->state;
  if (!s.queue.contains(job_id))
    return "waiting to be queued";
  if (auto over = s.ledger.refuse_start(entry.tenant_id(),
                                        entry.required_workers, s.pool.alive()))
    return *over;
  auto needed = static_cast<std::size_t>(entry.required_workers);
  if (s.pool.in_service() < needed)
    return "needs " + std::to_string(needed) + " workers in service, " +
           std::to_string(s.pool.in_service()) +
           " are idle or busy (others paused, failed, terminated or allocated)";
  auto idle = s.pool.available();
  if (idle < needed)
    return "no idle worker: needs " + std::to_string(entry.required_workers) +
           ", " + std::to_string(idle) + " idle";
  return "queued behind " + std::to_string(s.queue.position(job_id)) +
         " job(s) of its tenant";
}

// Moves the job's count in its tenant's account to `to`.
void count_as(tenant_account &account, job_entry &entry, job_state to) {
  if (entry.counted_as == job_state::pending)
    --account.pending_jobs;
  else if (entry.counted_as == job_state::running)
    --account.running_jobs;
  if (to == job_state::pending)
    ++account.pending_jobs;
  else if (to == job_state::running)
    ++account.running_jobs;
  entry.counted_as = to;
}

// Moves the job among the live jobs counted by state.
void set_status(supervisor_data &s, job_entry &entry, job_state to) {
  --s.live_jobs(entry.status);
  entry.status = to;
  ++s.live_jobs(to);
}

void start_job(supervisor_pointer self, const queue_entry &next) {
  auto &s = self->state;
  auto found = s.jobs.find(next.job_id);
  if (found == s.jobs.end())
    return;
  auto &entry = found->second;
  auto ids = s.pool.hold_for_job(next.required_workers, entry.tenant_id(),
                                 next.job_id, entry.attempt);
  std::vector<worker_actor> handles;
  std::vector<std::uint64_t> leases;
  for (const auto &id : ids) {
    handles.push_back(s.workers.at(id));
    leases.push_back(s.pool.find(id)->hold.lease);
  }
  auto &account = *entry.account;
  account.workers_held += next.required_workers;
  count_as(account, entry, job_state::running);
  // The job does not report this transition (one message less per job):
  // running from here on, unless the job reports otherwise.
  set_status(s, entry, job_state::running);
  self->send(entry.handle, start_atom::value, entry.attempt, std::move(handles),
             std::move(ids), std::move(leases));
}

} // namespace

void schedule(supervisor_pointer self) {
  auto &s = self->state;
  auto held = [&](const std::string &tenant) {
    return s.ledger.account(tenant).workers_held;
  };
  auto allowed = [&](const std::string &tenant, std::int32_t workers) {
    return s.pool.in_service() >= static_cast<std::size_t>(workers) &&
           !s.ledger.refuse_start(tenant, workers, s.pool.alive());
  };
  auto fits = [&](const std::string &, std::int32_t workers) {
    return s.pool.available() >= static_cast<std::size_t>(workers);
  };
  while (s.pool.available() > 0) {
    auto next = s.queue.pop_next(held, allowed, fits);
    if (!next)
      return;
    start_job(self, *next);
  }
}

// A job joins the runtime, new or recovered: its entry, its actor (spawned
// from `info`) and, when pending, its place in the queue. The caller counts
// it for its tenant.
job_entry &enter_job(supervisor_pointer self, job_info &&info) {
  auto &s = self->state;
  auto &entry = s.jobs[info.job_id];
  entry.status = info.status;
  entry.counted_as = info.status;
  entry.attempt = info.attempt;
  entry.priority = info.spec.priority;
  entry.required_workers = info.spec.required_workers;
  entry.account = &s.ledger.account(info.spec.tenant_id);
  ++s.live_jobs(info.status);
  if (info.status == job_state::pending)
    s.queue.push({info.job_id, entry.tenant_id(), entry.priority,
                  entry.required_workers, entry.attempt});
  entry.handle = spawn_job(self->system(), std::move(info), self, s.settings);
  return entry;
}

// A submitted job whose snapshot is stored (or needs none) joins the
// runtime; it was counted as pending when submitted.
void admit(supervisor_pointer self, job_info &&info) {
  auto &entry = enter_job(self, std::move(info));
  ++entry.account->submitted;
  ++self->state.submitted;
  schedule(self);
}

namespace {

// The writer answered the job's snapshot request (or stopped): the job joins
// the runtime or is refused. Runs once per request.
void on_stored(supervisor_pointer self, std::uint64_t store,
               const caf::error &error) {
  auto &unstored = self->state.unstored;
  auto it = unstored.find(store);
  if (it == unstored.end())
    return;
  auto job = std::move(it->second);
  unstored.erase(it);
  if (error) {
    --self->state.ledger.account(job.info.spec.tenant_id).pending_jobs;
    return job.done(error, job.info);
  }
  admit(self, job_info{job.info});
  job.done(caf::error{}, job.info);
}

} // namespace

void store_then_admit(supervisor_pointer self, job_info info,
                      const idempotency_claim *claim, stored_callback done) {
  auto &s = self->state;
  const auto &writer = s.settings->snapshots;
  if (!writer) {
    admit(self, job_info{info});
    return done(caf::error{}, info);
  }
  // The job counts as pending while its snapshot is in flight, so the quota
  // holds for submits in flight.
  auto store = s.next_store++;
  auto stored = [=](caf::ok_atom) { on_stored(self, store, caf::error{}); };
  auto refused = [=](caf::error &error) { on_stored(self, store, error); };
  if (claim != nullptr)
    self->request(writer, caf::infinite, snapshot_atom::value, info, *claim)
        .then(stored, refused);
  else
    self->request(writer, caf::infinite, snapshot_atom::value, info)
        .then(stored, refused);
  s.unstored.emplace(store, unstored_job{std::move(info), std::move(done)});
}

void writer_down(supervisor_pointer self, const caf::error &reason) {
  std::vector<std::uint64_t> stores;
  for (const auto &entry : self->state.unstored)
    stores.push_back(entry.first);
  auto error = make_error(orch_errc::unavailable,
                          "the snapshot writer stopped: " + to_string(reason));
  for (auto store : stores)
    on_stored(self, store, error);
}

caf::expected<job_info> open_job(supervisor_pointer self, job_spec spec) {
  auto &s = self->state;
  if (auto over = s.ledger.refuse_submit(spec.tenant_id))
    return make_error(orch_errc::quota_exceeded, *over);
  if (auto bad = refuse_spec(self, spec))
    return make_error(orch_errc::invalid_argument, *bad);
  job_info info;
  info.created_at_ms = s.settings->now_ms();
  info.job_id = s.ids.next("job", info.created_at_ms);
  info.seq = s.next_seq++;
  info.spec = std::move(spec);
  ++s.ledger.account(info.spec.tenant_id).pending_jobs;
  return info;
}

caf::result<job_info> submit_job(supervisor_pointer self, job_spec spec) {
  auto opened = open_job(self, std::move(spec));
  if (!opened)
    return opened.error();
  if (!self->state.settings->snapshots) {
    admit(self, job_info{*opened});
    return std::move(*opened);
  }
  auto promise = self->make_response_promise<job_info>();
  store_then_admit(self, std::move(*opened), nullptr,
                   [promise](const caf::error &error, job_info &job) mutable {
                     if (error)
                       promise.deliver(error);
                     else
                       promise.deliver(std::move(job));
                   });
  return promise;
}

// Jobs loaded at start, in submission order. Pending ones are queued again;
// running ones recover themselves (see job_actor.cpp) and report back.
void recover_jobs(supervisor_pointer self, std::vector<job_info> jobs) {
  for (auto &info : jobs) {
    auto &entry = enter_job(self, std::move(info));
    if (entry.status == job_state::pending)
      ++entry.account->pending_jobs;
    else
      ++entry.account->running_jobs;
  }
}

namespace {

// The tenant's live job, or null: another tenant's job is as unknown to it
// as a missing one.
job_entry *find_job_of(supervisor_pointer self, const std::string &tenant_id,
                       const std::string &job_id) {
  auto it = self->state.jobs.find(job_id);
  if (it == self->state.jobs.end() || it->second.tenant_id() != tenant_id)
    return nullptr;
  return &it->second;
}

caf::error no_job(const std::string &job_id) {
  return make_error(orch_errc::not_found, "no job " + job_id);
}

} // namespace

caf::result<job_info> get_job(supervisor_pointer self,
                              const std::string &tenant_id,
                              const std::string &job_id) {
  auto *entry = find_job_of(self, tenant_id, job_id);
  if (entry == nullptr)
    return no_job(job_id);
  auto promise = self->make_response_promise<job_info>();
  self->request(entry->handle, ask_timeout, caf::get_atom::value)
      .then(
          [=](job_info info) mutable {
            auto found = self->state.jobs.find(job_id);
            if (info.status == job_state::pending &&
                info.waiting_reason.empty() && found != self->state.jobs.end())
              info.waiting_reason = waiting_reason(self, found->second, job_id);
            promise.deliver(std::move(info));
          },
          [=](caf::error &) mutable { promise.deliver(no_job(job_id)); });
  return promise;
}

caf::result<job_info> cancel_job(supervisor_pointer self,
                                 const std::string &tenant_id,
                                 const std::string &job_id) {
  auto *entry = find_job_of(self, tenant_id, job_id);
  if (entry == nullptr)
    return no_job(job_id);
  // Out of the queue now, so it cannot be started while the cancel travels.
  if (entry->status == job_state::pending)
    self->state.queue.remove(job_id);
  return self->delegate(entry->handle, cancel_atom::value);
}

void on_requeue(supervisor_pointer self, const std::string &job_id) {
  auto it = self->state.jobs.find(job_id);
  if (it == self->state.jobs.end() || it->second.status != job_state::pending ||
      it->second.counted_as != job_state::pending ||
      self->state.queue.contains(job_id))
    return;
  const auto &e = it->second;
  self->state.queue.push(
      {job_id, e.tenant_id(), e.priority, e.required_workers, e.attempt});
  schedule(self);
}

void retire_job(supervisor_pointer self, const std::string &job_id) {
  auto &s = self->state;
  auto it = s.jobs.find(job_id);
  if (it == s.jobs.end())
    return;
  --s.live_jobs(it->second.status);
  s.queue.remove(job_id);
  s.jobs.erase(it);
}

namespace {

// Retention is checked at most once a second: finished jobs leave memory in
// batches, not with a timer message each.
constexpr auto retire_interval = std::chrono::seconds(1);

// The oldest finished job leaves memory: forgotten here, its actor ended.
void retire_oldest(supervisor_pointer self) {
  auto &s = self->state;
  auto job_id = std::move(s.retained.front().second);
  s.retained.pop_front();
  auto it = s.jobs.find(job_id);
  if (it == s.jobs.end())
    return;
  auto handle = it->second.handle;
  retire_job(self, job_id);
  if (handle)
    caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
}

void set_retire_timer(supervisor_pointer self) {
  auto &s = self->state;
  if (s.retire_timer_set || s.retained.empty())
    return;
  s.retire_timer_set = true;
  auto wait = s.retained.front().first - self->clock().now();
  self->delayed_send(self, std::max<caf::timespan>(wait, retire_interval),
                     retire_atom::value);
}

// A finished job stays in memory for the retention period, and at most
// retained_jobs_max of them stay: the oldest leave first, so a sustained
// load cannot fill memory with finished jobs.
void retain(supervisor_pointer self, const std::string &job_id) {
  auto &s = self->state;
  s.retained.emplace_back(self->clock().now() + s.settings->retention, job_id);
  while (s.retained.size() > s.settings->retained_jobs_max)
    retire_oldest(self);
  set_retire_timer(self);
}

// A job reached a terminal state: it leaves the queue (a requeue may have
// crossed its cancel), counts as completed or failed and, without retention,
// leaves memory now (its actor ends on its own).
void on_job_end(supervisor_pointer self, const std::string &job_id,
                tenant_account &account, job_state to) {
  auto &s = self->state;
  wake_job_waiters(self, job_id);
  ++s.ended_by_state[static_cast<std::size_t>(to)];
  if (to == job_state::completed) {
    ++account.completed;
    ++s.completed;
    auto now = s.settings->now_ms();
    auto &recent = s.recent_completions_ms;
    recent.push_back(now);
    while (recent.front() < now - completion_window_ms)
      recent.pop_front();
  } else if (to == job_state::failed || to == job_state::timed_out) {
    ++account.failed;
    ++s.failed;
  }
  if (s.settings->retention.count() == 0) {
    retire_job(self, job_id);
  } else {
    s.queue.remove(job_id);
    retain(self, job_id);
  }
}

} // namespace

void retire_due(supervisor_pointer self) {
  auto &s = self->state;
  s.retire_timer_set = false;
  auto now = self->clock().now();
  while (!s.retained.empty() && s.retained.front().first <= now)
    retire_oldest(self);
  set_retire_timer(self);
}

// Keeps the ledger, the queue and the metrics in step with a job's
// transition. The job reports it after the fact: a cancel may have reached
// the job after its requeue reached the supervisor, which then queued or
// even started it, so the counts go by where the supervisor put the job,
// not by the state the job reports leaving.
void on_job_state(supervisor_pointer self, const std::string &job_id,
                  job_state to) {
  auto &s = self->state;
  auto it = s.jobs.find(job_id);
  if (it == s.jobs.end())
    return;
  auto &entry = it->second;
  auto &account = *entry.account;
  set_status(s, entry, to);
  if (to != job_state::running)
    count_as(account, entry, to);
  if (to == job_state::pending)
    ++entry.attempt;
  if (is_terminal(to))
    on_job_end(self, job_id, account, to);
  schedule(self);
}

} // namespace orch
