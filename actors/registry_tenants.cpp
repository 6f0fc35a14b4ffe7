#include "actors/errors.hpp"
#include "actors/namespace_slug.hpp"
#include "actors/registry_state.hpp"

namespace orch {

namespace {

constexpr std::chrono::seconds supervisor_timeout{10};

tenant_info *find_tenant(registry_pointer self, const std::string &id) {
  auto found = self->state.tenants.find(id);
  return found == self->state.tenants.end() ? nullptr : &found->second;
}

caf::error unknown_tenant(const std::string &id) {
  return make_error(orch_errc::not_found, "no tenant " + id);
}

// The quotas are in force: the supervisor schedules by them. Answers the
// tenant once the supervisor took them.
void enforce_quotas(registry_pointer self, const std::string &tenant_id,
                    caf::typed_response_promise<tenant_info> promise) {
  auto &s = self->state;
  const auto &tenant = s.tenants.at(tenant_id);
  if (!s.options.supervisor) {
    promise.deliver(tenant);
    return;
  }
  self->request(s.options.supervisor, supervisor_timeout, quotas_atom::value,
                tenant_id, tenant.quotas)
      .then(
          [self, tenant_id, promise](const tenant_usage &) mutable {
            promise.deliver(self->state.tenants.at(tenant_id));
          },
          [promise](caf::error &error) mutable {
            promise.deliver(std::move(error));
          });
}

} // namespace

caf::result<tenant_info> on_get_tenant(registry_pointer self,
                                       const std::string &tenant_id) {
  if (auto *tenant = find_tenant(self, tenant_id))
    return *tenant;
  return unknown_tenant(tenant_id);
}

caf::result<tenant_info> on_quotas(registry_pointer self,
                                   const std::string &tenant_id,
                                   tenant_quotas quotas) {
  auto *tenant = find_tenant(self, tenant_id);
  if (!tenant)
    return unknown_tenant(tenant_id);
  if (quotas.max_workers < -1 || quotas.max_running_jobs < 0 ||
      quotas.max_pending_jobs < 0)
    return make_error(orch_errc::invalid_argument,
                      "quotas must not be negative (max_workers -1: all)");
  tenant_snapshot changed{tenant_change::quotas, *tenant, {}};
  changed.tenant.quotas = quotas;
  auto promise = self->make_response_promise<tenant_info>();
  store(
      self, changed,
      [self, tenant_id, quotas, promise] {
        self->state.tenants.at(tenant_id).quotas = quotas;
        enforce_quotas(self, tenant_id, promise);
      },
      [promise](caf::error error) mutable {
        promise.deliver(std::move(error));
      });
  return promise;
}

caf::result<workflow_info> on_provision(registry_pointer self,
                                        const std::string &tenant_id) {
  auto &s = self->state;
  auto *tenant = find_tenant(self, tenant_id);
  if (!tenant)
    return unknown_tenant(tenant_id);
  auto moved = transition(tenant->status, tenant_status::pending);
  if (!moved.ok() || s.provisions_in_flight.count(tenant_id))
    return make_error(orch_errc::invalid_transition,
                      "only a failed tenant can be provisioned again; " +
                          tenant_id + " is " +
                          std::string(to_string(tenant->status)));
  tenant_snapshot changed{
      tenant_change::status, *tenant, {new_workflow(self, tenant_id)}};
  changed.tenant.status = tenant_status::pending;
  changed.tenant.updated_at_ms = s.options.settings->now_ms();
  s.provisions_in_flight.insert(tenant_id);
  auto promise = self->make_response_promise<workflow_info>();
  store(
      self, changed,
      [self, changed, promise]() mutable {
        auto &st = self->state;
        const auto &workflow = changed.workflows.front();
        st.provisions_in_flight.erase(changed.tenant.tenant_id);
        auto &stored = st.tenants.at(changed.tenant.tenant_id);
        stored.status = changed.tenant.status;
        stored.updated_at_ms = changed.tenant.updated_at_ms;
        st.workflows[workflow.workflow_id] = workflow;
        start_workflow(self, workflow.workflow_id);
        promise.deliver(workflow);
      },
      [self, tenant_id, promise](caf::error error) mutable {
        self->state.provisions_in_flight.erase(tenant_id);
        promise.deliver(std::move(error));
      });
  return promise;
}

caf::result<std::string> on_reserve(registry_pointer self,
                                    const std::string &tenant_id) {
  auto &s = self->state;
  auto *tenant = find_tenant(self, tenant_id);
  if (!tenant)
    return unknown_tenant(tenant_id);
  if (!tenant->id_namespace.empty())
    return tenant->id_namespace;
  auto slug = namespace_slug(tenant->name);
  std::string chosen;
  for (int n = 1; chosen.empty(); ++n)
    if (!s.namespaces.count(namespace_candidate(slug, n)))
      chosen = namespace_candidate(slug, n);
  // Taken from now on, also when the database refuses it (another server
  // holds it): the next attempt then tries the next candidate.
  s.namespaces.insert(chosen);
  tenant_snapshot changed{tenant_change::id_namespace, *tenant, {}};
  changed.tenant.id_namespace = chosen;
  auto promise = self->make_response_promise<std::string>();
  store(
      self, changed,
      [self, tenant_id, chosen, promise]() mutable {
        self->state.tenants.at(tenant_id).id_namespace = chosen;
        promise.deliver(chosen);
      },
      [self, chosen, promise](caf::error error) mutable {
        if (!is_orch_error(error, orch_errc::already_exists))
          self->state.namespaces.erase(chosen);
        promise.deliver(std::move(error));
      });
  return promise;
}

} // namespace orch
