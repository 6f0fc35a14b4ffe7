#include "actors/job_actor.hpp"

#include "actors/errors.hpp"
#include "actors/job_record.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <functional>

namespace orch {

namespace {

// One part of the running attempt: its worker and whether it reported.
struct running_part {
  worker_actor worker;
  bool done = false;
};

struct job_data {
  job_record job;
  job_listener supervisor;
  runtime_settings_ptr settings;
  job_machine machine{job_state::pending};
  std::vector<running_part> parts; // of the running attempt

  static inline const char *name = "job";
};

using job_pointer = job_actor::stateful_pointer<job_data>;

// Moves the job to `to` and tells the supervisor (but of the start, which
// the supervisor ordered); an invalid transition is refused and changes
// nothing.
caf::error move_to(job_pointer self, job_state to, std::string reason) {
  auto &s = self->state;
  auto from = s.machine.current();
  auto moved = s.machine.transition_to(to);
  if (!moved.ok())
    return make_error(orch_errc::invalid_transition, moved.error().message());
  auto now = s.settings->now_ms();
  auto &history = s.job.record_history();
  s.job.status = to;
  history.events.push_back({now, from, to, std::move(reason)});
  if (to == job_state::running)
    s.job.started_at_ms = now;
  if (is_terminal(to)) {
    s.job.finished_at_ms = now;
    history.waiting_reason.clear();
  }
  // The supervisor counted the start itself when it handed out the workers.
  if (to != job_state::running)
    self->send(s.supervisor, job_state_atom::value, s.job.job_id,
               s.job.tenant_id, from, to);
  if (s.settings->snapshots)
    self->send(s.settings->snapshots, caf::put_atom::value, s.job.snapshot());
  // Without retention the supervisor forgets the job on its terminal
  // transition, and the actor ends once this message is handled; with
  // retention the supervisor ends it later (no timer per job).
  if (is_terminal(to) && s.settings->retention.count() == 0)
    self->quit();
  return caf::none;
}

// Tells every worker of the attempt whose part has not reported to stop.
void stop_parts(job_pointer self) {
  auto &s = self->state;
  for (const auto &part : s.parts)
    if (!part.done)
      self->send(part.worker, cancel_atom::value, s.job.job_id, s.job.attempt);
  s.parts.clear();
}

// splitmix64's finaliser: well-spread 64 bits from any input.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::chrono::milliseconds backoff(job_pointer self) {
  auto &s = self->state;
  // Exponential from the base, capped, with "equal jitter": half fixed, half
  // random, so retries of jobs that failed together spread out. The random
  // half comes from the settings' seed, the job and the attempt, so a job
  // keeps no generator.
  auto exponent = std::min(s.job.attempt - 2, 20);
  auto full = std::min<std::int64_t>(s.settings->backoff_base.count()
                                         << std::max(exponent, 0),
                                     s.settings->backoff_max.count());
  auto random = mix(s.settings->seed ^ std::hash<std::string>{}(s.job.job_id) ^
                    mix(static_cast<std::uint64_t>(s.job.attempt)));
  auto jitter = static_cast<std::int64_t>(
      random % static_cast<std::uint64_t>(full / 2 + 1));
  return std::chrono::milliseconds(full / 2 + jitter);
}

void fail_or_retry(job_pointer self, const part_report &report,
                   bool retryable) {
  auto &s = self->state;
  auto why = "part " + std::to_string(report.part_index) + " on " +
             report.worker_id + ": " + report.error;
  s.job.record_history().error = why;
  stop_parts(self);
  if (!retryable || s.job.attempt >= s.job.max_attempts) {
    move_to(self, job_state::failed, why);
    return;
  }
  move_to(self, job_state::pending, "retry: " + why);
  ++s.job.attempt;
  auto delay = backoff(self);
  s.job.record_history().waiting_reason =
      "retry backoff: " + std::to_string(delay.count()) + " ms";
  self->delayed_send(self, delay, job_timer_atom::value, job_timer::requeue,
                     s.job.attempt);
}

void record_result(job_pointer self, const part_report &report) {
  // Part 0 speaks for the job; a failing part's output explains the failure.
  if (report.part_index == 0 || report.outcome != part_outcome::succeeded)
    self->state.job.record_history().result = {
        report.exit_code, report.stdout_tail, report.stderr_tail};
}

void on_part_done(job_pointer self, const part_report &report) {
  auto &s = self->state;
  auto index = static_cast<size_t>(report.part_index);
  // A report from an older attempt (stale lease), for a part already
  // counted, or after the job left running is ignored.
  if (report.attempt != s.job.attempt ||
      s.machine.current() != job_state::running || index >= s.parts.size() ||
      s.parts[index].done)
    return;
  s.parts[index].done = true;
  record_result(self, report);
  switch (report.outcome) {
  case part_outcome::succeeded:
    if (std::all_of(s.parts.begin(), s.parts.end(),
                    [](const running_part &part) { return part.done; })) {
      s.parts.clear();
      move_to(self, job_state::completed, "every part succeeded");
    }
    return;
  case part_outcome::failed:
    fail_or_retry(self, report, report.retryable);
    return;
  case part_outcome::cancelled:
  case part_outcome::lost:
    // Not the job's own failure (its worker went away): retry if allowed.
    fail_or_retry(self, report, true);
    return;
  }
}

job_part part_for(job_pointer self, std::int32_t index, std::uint64_t lease) {
  const auto &job = self->state.job;
  job_part part;
  part.job_id = job.job_id;
  part.attempt = job.attempt;
  part.part_index = index;
  part.part_count = job.required_workers;
  part.timeout_ms = job.timeout_ms;
  part.task = job.task_or_default();
  part.lease = lease;
  return part;
}

// Hands a worker its part. The answer is the part's report; an error means
// the assignment never ran (the worker died with it in its mailbox).
void assign_part(job_pointer self, const worker_actor &worker,
                 const std::string &worker_id, std::int32_t index,
                 std::uint64_t lease) {
  auto part = part_for(self, index, lease);
  self->request(worker, caf::infinite, assign_atom::value, part)
      .then([=](const part_report &report) { on_part_done(self, report); },
            [=](caf::error &error) {
              part_report lost;
              lost.job_id = part.job_id;
              lost.attempt = part.attempt;
              lost.part_index = index;
              lost.worker_id = worker_id;
              lost.outcome = part_outcome::lost;
              lost.error = "assignment lost: " + to_string(error);
              on_part_done(self, lost);
            });
}

void on_start(job_pointer self, std::int32_t attempt,
              std::vector<worker_actor> workers,
              std::vector<std::string> worker_ids,
              const std::vector<std::uint64_t> &leases) {
  auto &s = self->state;
  if (attempt != s.job.attempt || s.machine.current() != job_state::pending) {
    // The supervisor holds these workers for us; hand each a part and take
    // it back at once so they report, go idle and are released.
    for (size_t i = 0; i < workers.size(); ++i) {
      assign_part(self, workers[i], worker_ids[i], 0, leases[i]);
      self->send(workers[i], cancel_atom::value, s.job.job_id, s.job.attempt);
    }
    return;
  }
  s.parts.clear();
  for (auto &worker : workers)
    s.parts.push_back({std::move(worker), false});
  auto &history = s.job.record_history();
  history.worker_ids = std::move(worker_ids);
  history.waiting_reason.clear();
  move_to(self, job_state::running,
          "started on " + std::to_string(s.parts.size()) + " worker(s)");
  for (size_t i = 0; i < s.parts.size(); ++i)
    assign_part(self, s.parts[i].worker, history.worker_ids[i],
                static_cast<std::int32_t>(i), leases[i]);
  if (s.job.timeout_ms > 0)
    self->delayed_send(self, std::chrono::milliseconds(s.job.timeout_ms),
                       job_timer_atom::value, job_timer::timeout,
                       s.job.attempt);
}

caf::result<job_info> on_cancel(job_pointer self) {
  if (self->state.machine.current() == job_state::running)
    stop_parts(self);
  if (auto refused =
          move_to(self, job_state::cancelled, "cancelled on request"))
    return refused;
  return self->state.job.snapshot();
}

void on_timeout(job_pointer self, std::int32_t attempt) {
  auto &s = self->state;
  if (attempt != s.job.attempt || s.machine.current() != job_state::running)
    return;
  stop_parts(self);
  auto &error = s.job.record_history().error;
  error = "timed out after " + std::to_string(s.job.timeout_ms) + " ms";
  move_to(self, job_state::timed_out, error);
}

// A job whose snapshot says running was interrupted by a restart: its
// attempt is over. It is queued again at once with attempt + 1, or fails when
// no attempt is left.
void recover_interrupted(job_pointer self) {
  auto &s = self->state;
  auto &history = s.job.record_history();
  if (s.job.attempt >= s.job.max_attempts) {
    history.error = "interrupted by a restart with no attempt left";
    move_to(self, job_state::failed, history.error);
    return;
  }
  move_to(self, job_state::pending,
          "recovered after a restart: the running attempt was interrupted");
  ++s.job.attempt;
  history.worker_ids.clear();
  self->send(s.supervisor, requeue_atom::value, s.job.job_id);
}

// The backoff before a retry ended: the job asks to be queued again.
void on_backoff_end(job_pointer self, std::int32_t attempt) {
  auto &s = self->state;
  if (attempt != s.job.attempt || s.machine.current() != job_state::pending)
    return;
  if (s.job.history)
    s.job.history->waiting_reason.clear();
  self->send(s.supervisor, requeue_atom::value, s.job.job_id);
}

// `attempt`: the attempt that set the timer; a timeout or backoff set by an
// earlier attempt is stale.
void on_timer(job_pointer self, job_timer timer, std::int32_t attempt) {
  switch (timer) {
  case job_timer::timeout:
    on_timeout(self, attempt);
    return;
  case job_timer::requeue:
    on_backoff_end(self, attempt);
    return;
  }
}

job_actor::behavior_type job_behavior(job_pointer self, job_record initial,
                                      job_listener supervisor,
                                      runtime_settings_ptr settings) {
  auto &s = self->state;
  s.job = std::move(initial);
  s.supervisor = std::move(supervisor);
  s.settings = std::move(settings);
  s.machine = job_machine{s.job.status};
  if (s.job.status == job_state::running)
    recover_interrupted(self);
  return {
      [=](part_done_atom, const part_report &report) {
        on_part_done(self, report);
      },
      [=](start_atom, std::int32_t attempt, std::vector<worker_actor> &workers,
          std::vector<std::string> &ids,
          const std::vector<std::uint64_t> &leases) {
        on_start(self, attempt, std::move(workers), std::move(ids), leases);
      },
      [=](caf::get_atom) { return self->state.job.snapshot(); },
      [=](cancel_atom) { return on_cancel(self); },
      [=](job_timer_atom, job_timer timer, std::int32_t attempt) {
        on_timer(self, timer, attempt);
      },
  };
}

} // namespace

// A pending job is spawned with caf::lazy_init: it is not scheduled until
// its first message (usually its start), which saves the supervisor's
// thread one hand-off per job (jobs/s +10%, per CPU-second +22%, measured in
// BENCHMARKS.md). Until then CAF keeps the spawn arguments, so they are the
// compact record, not the job_info (a million pending jobs, DESIGN.md §8).
// A job recovered as running must run its recovery at once: eager.
job_actor spawn_job(caf::actor_system &system, job_info initial,
                    job_listener supervisor, runtime_settings_ptr settings) {
  auto record = job_record::from(std::move(initial));
  if (record.status == job_state::pending)
    return system.spawn<caf::lazy_init>(job_behavior, std::move(record),
                                        std::move(supervisor),
                                        std::move(settings));
  return system.spawn(job_behavior, std::move(record), std::move(supervisor),
                      std::move(settings));
}

} // namespace orch
