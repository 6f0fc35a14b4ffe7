#include "actors/errors.hpp"
#include "actors/registry_state.hpp"

#include <algorithm>

namespace orch {

namespace {

// The longest a reader may wait for an execution to end.
constexpr std::int64_t max_wait_ms = 60000;

bool finished(const workflow_info &workflow) {
  return workflow.status != workflow_status::running;
}

// Answers every reader waiting for `workflow` with its current state.
void wake_waiters(registry_pointer self, const workflow_info &workflow) {
  auto &waiters = self->state.waiters;
  for (auto it = waiters.begin(); it != waiters.end();) {
    if (it->second.workflow_id == workflow.workflow_id) {
      it->second.promise.deliver(workflow);
      it = waiters.erase(it);
    } else {
      ++it;
    }
  }
}

// The progress committed: memory follows, and a finished workflow leaves.
tenant_info apply_progress(registry_pointer self, const tenant_snapshot &done) {
  auto &s = self->state;
  const auto &workflow = done.workflows.front();
  auto &tenant = s.tenants.at(done.tenant.tenant_id);
  tenant.status = done.tenant.status;
  tenant.updated_at_ms = done.tenant.updated_at_ms;
  s.workflows[workflow.workflow_id] = workflow;
  if (finished(workflow)) {
    s.running.erase(workflow.workflow_id);
    wake_waiters(self, workflow);
  }
  return tenant;
}

} // namespace

workflow_info new_workflow(registry_pointer self,
                           const std::string &tenant_id) {
  auto &s = self->state;
  workflow_info workflow;
  auto now = s.options.settings->now_ms();
  workflow.workflow_id = s.ids.next("wf", now);
  workflow.tenant_id = tenant_id;
  workflow.kind = provision_tenant_kind;
  workflow.status = workflow_status::running;
  workflow.steps = reconcile_steps({}, s.options.steps);
  workflow.started_at_ms = now;
  return workflow;
}

void start_workflow(registry_pointer self, const std::string &workflow_id) {
  auto &s = self->state;
  const auto &workflow = s.workflows.at(workflow_id);
  auto tenant = s.tenants.find(workflow.tenant_id);
  if (tenant == s.tenants.end() || finished(workflow))
    return;
  workflow_options options{workflow,           tenant->second,
                           s.options.steps,    s.options.provisioning,
                           s.options.settings, self};
  s.running[workflow_id] = spawn_workflow(self->system(), std::move(options));
}

caf::result<tenant_info> on_progress(registry_pointer self,
                                     const tenant_info &tenant,
                                     workflow_info workflow) {
  auto &s = self->state;
  auto stored = s.tenants.find(tenant.tenant_id);
  if (stored == s.tenants.end() || workflow.tenant_id != tenant.tenant_id)
    return make_error(orch_errc::not_found, "no tenant " + tenant.tenant_id);
  tenant_snapshot progress{
      tenant_change::status, stored->second, {std::move(workflow)}};
  if (progress.tenant.status != tenant.status) {
    progress.tenant.status = tenant.status;
    progress.tenant.updated_at_ms = s.options.settings->now_ms();
  }
  auto promise = self->make_response_promise<tenant_info>();
  store(
      self, progress,
      [self, progress, promise]() mutable {
        promise.deliver(apply_progress(self, progress));
      },
      [promise](caf::error error) mutable {
        promise.deliver(std::move(error));
      });
  return promise;
}

caf::result<workflow_info> on_get_workflow(registry_pointer self,
                                           const std::string &tenant_id,
                                           const std::string &workflow_id,
                                           bool any_tenant,
                                           std::int64_t wait_ms) {
  auto &s = self->state;
  auto found = s.workflows.find(workflow_id);
  if (found == s.workflows.end() ||
      (!any_tenant && found->second.tenant_id != tenant_id))
    return make_error(orch_errc::not_found, "no workflow " + workflow_id);
  if (finished(found->second) || wait_ms <= 0)
    return found->second;
  auto id = s.next_waiter++;
  auto promise = self->make_response_promise<workflow_info>();
  s.waiters.emplace(id, workflow_waiter{workflow_id, promise});
  self->delayed_send(self,
                     std::chrono::milliseconds(std::min(wait_ms, max_wait_ms)),
                     wake_atom::value, id);
  return promise;
}

void on_wake(registry_pointer self, std::uint64_t waiter) {
  auto &s = self->state;
  auto found = s.waiters.find(waiter);
  if (found == s.waiters.end())
    return;
  found->second.promise.deliver(s.workflows.at(found->second.workflow_id));
  s.waiters.erase(found);
}

} // namespace orch
