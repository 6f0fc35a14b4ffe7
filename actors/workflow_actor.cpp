#include "actors/workflow_actor.hpp"

#include <caf/all.hpp>

#include <functional>

namespace orch {

namespace {

struct workflow_data {
  workflow_options options;
  std::int32_t current = 0; // index of the step running or next
  std::int32_t attempt = 0; // of the current step
  bool awaiting_step = false;
  // What to do once the progress in flight is stored.
  std::function<void()> after_report;

  static inline const char *name = "provisioning_workflow";
};

using workflow_pointer = provisioning_workflow::stateful_pointer<workflow_data>;

workflow_step &current_step(workflow_pointer self) {
  auto &s = self->state;
  return s.options.workflow.steps[static_cast<std::size_t>(s.current)];
}

void send_report(workflow_pointer self) {
  auto &s = self->state;
  self->request(s.options.registry, s.options.provisioning.report_timeout,
                progress_atom::value, s.options.tenant, s.options.workflow)
      .then(
          [self](tenant_info &stored) {
            auto &tenant = self->state.options.tenant;
            // The registry owns quotas and namespace; the status is ours.
            stored.status = tenant.status;
            tenant = std::move(stored);
            auto next = std::move(self->state.after_report);
            self->state.after_report = nullptr;
            if (next)
              next();
          },
          [self](caf::error &) {
            self->delayed_send(
                self, self->state.options.provisioning.report_retry_delay,
                report_atom::value);
          });
}

// Stores the progress, then runs `next`.
void report_then(workflow_pointer self, std::function<void()> next) {
  self->state.after_report = std::move(next);
  send_report(self);
}

void finish(workflow_pointer self, bool succeeded, std::string error) {
  auto &s = self->state;
  auto &workflow = s.options.workflow;
  auto &tenant = s.options.tenant;
  auto tenant_to = succeeded ? tenant_status::ready : tenant_status::failed;
  if (transition(tenant.status, tenant_to).ok()) {
    tenant.status = tenant_to;
  } else {
    // Only a tenant changed behind the workflow's back gets here: the
    // execution fails and the tenant keeps its status.
    succeeded = false;
    error = "the tenant is " + std::string(to_string(tenant.status));
  }
  workflow.status =
      succeeded ? workflow_status::completed : workflow_status::failed;
  workflow.error = std::move(error);
  workflow.finished_at_ms = s.options.settings->now_ms();
  report_then(self, [self] { self->quit(); });
}

void launch(workflow_pointer self) {
  auto &s = self->state;
  s.awaiting_step = true;
  auto index = s.current;
  auto attempt = s.attempt;
  step_context context{s.options.workflow.workflow_id, s.options.tenant,
                       attempt,
                       caf::actor_cast<caf::actor>(s.options.registry)};
  // A weak reference: a step that never answers keeps no workflow alive.
  auto address = self->address();
  auto done = [address, index, attempt](step_outcome outcome) {
    if (auto target = caf::actor_cast<caf::strong_actor_ptr>(address))
      caf::anon_send(caf::actor_cast<provisioning_workflow>(target),
                     step_done_atom::value, index, attempt, outcome.ok,
                     std::move(outcome.error));
  };
  self->delayed_send(self, s.options.provisioning.step_timeout,
                     step_timeout_atom::value, index, attempt);
  auto &step = s.options.steps[static_cast<std::size_t>(index)];
  try {
    step->start(context, done);
  } catch (const std::exception &e) {
    done(step_outcome::failure(e.what()));
  }
}

void begin_step(workflow_pointer self, std::int32_t index) {
  auto &s = self->state;
  s.current = index;
  auto &step = current_step(self);
  s.attempt = step.attempts + 1;
  step.status = step_status::running;
  step.attempts = s.attempt;
  s.options.workflow.current_step = step.name;
  s.options.workflow.attempt = s.attempt;
  report_then(self, [self] { launch(self); });
}

void next_step_or_finish(workflow_pointer self, std::int32_t from) {
  auto &steps = self->state.options.workflow.steps;
  for (auto i = from; i < static_cast<std::int32_t>(steps.size()); ++i)
    if (steps[static_cast<std::size_t>(i)].status != step_status::completed)
      return begin_step(self, i);
  finish(self, true, "");
}

void on_attempt_failed(workflow_pointer self, std::string error) {
  auto &s = self->state;
  auto &step = current_step(self);
  step.error = error;
  if (s.attempt < s.options.provisioning.max_attempts) {
    step.status = step_status::retrying;
    auto delay = s.options.provisioning.backoff(s.attempt);
    report_then(self, [self, delay] {
      self->delayed_send(self, delay, retry_atom::value);
    });
    return;
  }
  step.status = step_status::failed;
  finish(self, false,
         step.name + " failed after " + std::to_string(s.attempt) +
             " attempts: " + error);
}

void on_step_done(workflow_pointer self, std::int32_t index,
                  std::int32_t attempt, bool ok, std::string error) {
  auto &s = self->state;
  if (!s.awaiting_step || index != s.current || attempt != s.attempt)
    return; // a late answer of an attempt already given up
  s.awaiting_step = false;
  if (!ok)
    return on_attempt_failed(self, std::move(error));
  current_step(self).status = step_status::completed;
  current_step(self).error.clear();
  next_step_or_finish(self, index + 1);
}

void start(workflow_pointer self) {
  auto &s = self->state;
  auto &workflow = s.options.workflow;
  workflow.steps = reconcile_steps(workflow.steps, s.options.steps);
  if (s.options.tenant.status == tenant_status::pending)
    s.options.tenant.status = tenant_status::running;
  if (s.options.tenant.status != tenant_status::running)
    return finish(self, false, "");
  next_step_or_finish(self, 0);
}

provisioning_workflow::behavior_type
workflow_behavior(workflow_pointer self, workflow_options options) {
  self->state.options = std::move(options);
  start(self);
  return {
      [self](step_done_atom, std::int32_t index, std::int32_t attempt, bool ok,
             std::string &error) {
        on_step_done(self, index, attempt, ok, std::move(error));
      },
      [self](step_timeout_atom, std::int32_t index, std::int32_t attempt) {
        auto limit = self->state.options.provisioning.step_timeout.count();
        on_step_done(self, index, attempt, false,
                     "no answer within " + std::to_string(limit) + " ms");
      },
      [self](retry_atom) { begin_step(self, self->state.current); },
      [self](report_atom) { send_report(self); },
  };
}

} // namespace

std::vector<workflow_step>
reconcile_steps(const std::vector<workflow_step> &recorded,
                const provisioning_steps &steps) {
  std::vector<workflow_step> result;
  for (const auto &step : steps) {
    workflow_step entry{step->name(), step_status::pending, 0, ""};
    for (const auto &known : recorded)
      if (known.name == entry.name)
        entry = known;
    result.push_back(std::move(entry));
  }
  return result;
}

provisioning_workflow spawn_workflow(caf::actor_system &system,
                                     workflow_options options) {
  return system.spawn(workflow_behavior, std::move(options));
}

} // namespace orch
