#include "actors/worker_actor.hpp"

#include "actors/errors.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <optional>

namespace orch {

namespace {

struct running_part {
  job_part part;
  caf::typed_response_promise<part_report> reply;
  std::optional<command_runner::command_id> command;
};

struct worker_data {
  worker_identity identity;
  worker_listener supervisor;
  runtime_settings_ptr settings;
  worker_machine machine{worker_state::idle};
  std::optional<running_part> current;
  std::int64_t jobs_completed = 0;
  std::uint64_t lease = 0; // of the latest assignment seen

  static inline const char *name = "worker";
};

using worker_pointer = worker_actor::stateful_pointer<worker_data>;

worker_info info_of(worker_pointer self) {
  const auto &s = self->state;
  worker_info info;
  info.worker_id = s.identity.worker_id;
  info.node = s.identity.node;
  info.status = s.machine.current();
  info.current_job_id = s.current ? s.current->part.job_id : std::string{};
  info.jobs_completed = s.jobs_completed;
  info.last_heartbeat_ms = s.settings->now_ms();
  info.lease = s.lease;
  return info;
}

void report_state(worker_pointer self) {
  if (self->state.supervisor)
    self->send(self->state.supervisor, worker_state_atom::value, info_of(self));
}

// Moves to `to` and tells the supervisor; the table guarantees validity for
// every caller below, so a refusal is a broken invariant.
caf::result<worker_info> move_to(worker_pointer self, worker_state to) {
  auto moved = self->state.machine.transition_to(to);
  if (!moved.ok())
    return make_error(orch_errc::invalid_transition, moved.error().message());
  report_state(self);
  return info_of(self);
}

caf::error refuse(worker_pointer self, worker_state to) {
  invalid_transition why{"worker",
                         std::string(to_string(self->state.machine.current())),
                         std::string(to_string(to))};
  return make_error(orch_errc::invalid_transition, why.message());
}

part_report report_for(worker_pointer self, part_outcome outcome) {
  const auto &part = self->state.current->part;
  part_report report;
  report.job_id = part.job_id;
  report.attempt = part.attempt;
  report.part_index = part.part_index;
  report.worker_id = self->state.identity.worker_id;
  report.outcome = outcome;
  return report;
}

// The part ended: go idle (or paused when draining), then tell its job. A
// terminated worker stays terminated and reports that it runs no part. The
// supervisor hears the worker's new state before the job's end, so whoever
// sees the job terminal sees its worker released.
void finish(worker_pointer self, part_report report) {
  auto &s = self->state;
  if (report.outcome == part_outcome::succeeded)
    ++s.jobs_completed;
  auto reply = std::move(s.current->reply);
  s.current.reset();
  if (s.machine.current() == worker_state::busy)
    move_to(self, worker_state::idle);
  else if (s.machine.current() == worker_state::draining)
    move_to(self, worker_state::paused);
  else
    report_state(self);
  reply.deliver(std::move(report));
}

bool is_current(worker_pointer self, const std::string &job_id,
                std::int32_t attempt) {
  const auto &c = self->state.current;
  return c && c->part.job_id == job_id && c->part.attempt == attempt;
}

part_report command_report(part_report report, const command_outcome &out) {
  report.exit_code = out.exit_code;
  report.stdout_tail = out.stdout_tail;
  report.stderr_tail = out.stderr_tail;
  if (out.cancelled) {
    report.outcome = part_outcome::cancelled;
    report.error = out.cancel_reason;
  } else if (!out.error.empty()) {
    // The program could not start (not found, bad cwd): retrying won't help.
    report.outcome = part_outcome::failed;
    report.retryable = false;
    report.error = out.error;
  } else if (!out.succeeded()) {
    report.outcome = part_outcome::failed;
    report.error = out.term_signal != 0
                       ? "killed by signal " + std::to_string(out.term_signal)
                       : "exit code " + std::to_string(out.exit_code);
  }
  return report;
}

void start_command(worker_pointer self) {
  auto &s = self->state;
  auto &part = s.current->part;
  if (!s.settings->commands) {
    auto report = report_for(self, part_outcome::failed);
    report.retryable = false;
    report.error = "command tasks are disabled on this server";
    finish(self, std::move(report));
    return;
  }
  command_spec spec{part.task.argv, part.task.env, part.task.cwd};
  spec.env["ORCH_PART_INDEX"] = std::to_string(part.part_index);
  spec.env["ORCH_PART_COUNT"] = std::to_string(part.part_count);
  worker_actor handle = self;
  auto base = report_for(self, part_outcome::succeeded);
  s.current->command = s.settings->commands->start(
      std::move(spec), [handle, base](command_outcome out) {
        caf::anon_send(handle, command_exit_atom::value, base.job_id,
                       base.attempt, command_report(base, out));
      });
}

void start_task(worker_pointer self) {
  const auto &part = self->state.current->part;
  switch (part.task.kind) {
  case task_kind::noop:
    finish(self, report_for(self, part_outcome::succeeded));
    return;
  case task_kind::sleep:
    // A timer, not a blocking sleep: the scheduler thread stays free.
    self->delayed_send(self, std::chrono::milliseconds(part.task.sleep_ms),
                       part_timer_atom::value, part.job_id, part.attempt);
    return;
  case task_kind::fail: {
    auto report = report_for(self, part_outcome::failed);
    report.retryable = part.task.retryable;
    report.error = part.task.fail_message;
    finish(self, std::move(report));
    return;
  }
  case task_kind::command:
    start_command(self);
    return;
  }
}

caf::result<part_report> assign(worker_pointer self, job_part part) {
  auto &s = self->state;
  s.lease = std::max(s.lease, part.lease);
  if (s.machine.current() != worker_state::idle) {
    part_report refusal;
    refusal.job_id = part.job_id;
    refusal.attempt = part.attempt;
    refusal.part_index = part.part_index;
    refusal.worker_id = s.identity.worker_id;
    refusal.outcome = part_outcome::lost;
    refusal.error = "worker " + s.identity.worker_id + " is " +
                    std::string(to_string(s.machine.current()));
    // The report carries the refused lease: the supervisor ends that hold.
    report_state(self);
    return refusal;
  }
  auto reply = self->make_response_promise<part_report>();
  s.current = running_part{std::move(part), reply, {}};
  // Idle (checked above) to busy is always allowed.
  static_cast<void>(s.machine.transition_to(worker_state::busy));
  start_task(self);
  // A part that ended at once (noop, fail) left the worker idle again, and
  // finish() reported that: the busy state it passed through is not.
  if (s.current)
    report_state(self);
  return reply;
}

// Stops the running part. A command is only over once its process exited,
// so the worker stays busy until the runner reports it.
void stop_part(worker_pointer self, part_outcome outcome, std::string why) {
  auto &s = self->state;
  if (s.current->command) {
    s.settings->commands->cancel(*s.current->command, std::move(why));
    return;
  }
  auto report = report_for(self, outcome);
  report.error = std::move(why);
  finish(self, std::move(report));
}

// Operator commands name an intent, not a target state: pause means paused
// when idle and draining when busy. From any other state the request is
// refused as a transition to the state it would have produced.
caf::result<worker_info> pause(worker_pointer self) {
  switch (self->state.machine.current()) {
  case worker_state::idle:
    return move_to(self, worker_state::paused);
  case worker_state::busy:
    return move_to(self, worker_state::draining);
  default:
    return refuse(self, worker_state::paused);
  }
}

caf::result<worker_info> resume(worker_pointer self) {
  switch (self->state.machine.current()) {
  case worker_state::paused:
    return move_to(self, worker_state::idle);
  case worker_state::draining:
    return move_to(self, worker_state::busy);
  default:
    return refuse(self, worker_state::idle);
  }
}

// Stops the running part before reporting, so the report does not name a
// part that is over. A built-in part ends at once and finish() reports; a
// command part runs until its process exited, so the worker reports now
// (still naming it) and again when it exits.
caf::result<worker_info> terminate(worker_pointer self) {
  auto &s = self->state;
  auto moved = s.machine.transition_to(worker_state::terminated);
  if (!moved.ok())
    return make_error(orch_errc::invalid_transition, moved.error().message());
  bool had_part = s.current.has_value();
  if (had_part)
    stop_part(self, part_outcome::lost, "worker terminated");
  if (!had_part || s.current)
    report_state(self);
  return info_of(self);
}

worker_actor::behavior_type worker_behavior(worker_pointer self,
                                            worker_identity identity,
                                            worker_listener supervisor,
                                            runtime_settings_ptr settings) {
  self->state.identity = std::move(identity);
  self->state.supervisor = std::move(supervisor);
  self->state.settings = std::move(settings);
  // A worker serves one supervisor and goes with it.
  if (self->state.supervisor) {
    self->monitor(self->state.supervisor);
    self->set_down_handler([=](caf::down_msg &down) {
      if (down.source == self->state.supervisor.address())
        self->quit(down.reason);
    });
  }
  return {
      [=](assign_atom, job_part &part) {
        return assign(self, std::move(part));
      },
      [=](cancel_atom, const std::string &job_id, std::int32_t attempt) {
        if (is_current(self, job_id, attempt))
          stop_part(self, part_outcome::cancelled, "cancelled by its job");
      },
      [=](pause_atom) { return pause(self); },
      [=](resume_atom) { return resume(self); },
      [=](terminate_atom) { return terminate(self); },
      [=](caf::get_atom) { return info_of(self); },
      [=](part_timer_atom, const std::string &job_id, std::int32_t attempt) {
        if (is_current(self, job_id, attempt))
          finish(self, report_for(self, part_outcome::succeeded));
      },
      [=](command_exit_atom, const std::string &job_id, std::int32_t attempt,
          part_report &report) {
        if (is_current(self, job_id, attempt))
          finish(self, std::move(report));
      },
  };
}

} // namespace

worker_actor spawn_worker(caf::actor_system &system, worker_identity identity,
                          worker_listener supervisor,
                          runtime_settings_ptr settings) {
  return system.spawn(worker_behavior, std::move(identity),
                      std::move(supervisor), std::move(settings));
}

} // namespace orch
