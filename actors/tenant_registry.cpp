#include "actors/tenant_registry.hpp"

#include "actors/registry_state.hpp"

namespace orch {

registry_data::~registry_data() {
  for (auto &[id, workflow] : running)
    if (workflow)
      caf::anon_send_exit(workflow, caf::exit_reason::user_shutdown);
}

namespace {

// Loads the stored state and resumes the executions that were running.
void initialize(registry_pointer self, tenant_registry_options &options) {
  auto &s = self->state;
  auto users = std::move(options.users);
  auto tenants = std::move(options.tenants);
  auto workflows = std::move(options.workflows);
  s.options = std::move(options);
  s.ids = id_generator{s.options.settings->seed ^ 0x7e4a47};
  for (auto &user : users)
    add_user(self, std::move(user));
  for (auto &tenant : tenants) {
    if (!tenant.id_namespace.empty())
      s.namespaces.insert(tenant.id_namespace);
    auto id = tenant.tenant_id;
    s.tenants.emplace(std::move(id), std::move(tenant));
  }
  std::vector<std::string> unfinished;
  for (auto &workflow : workflows) {
    if (workflow.status == workflow_status::running)
      unfinished.push_back(workflow.workflow_id);
    auto id = workflow.workflow_id;
    s.workflows.emplace(std::move(id), std::move(workflow));
  }
  for (const auto &id : unfinished)
    start_workflow(self, id);
}

registry_actor::behavior_type
registry_behavior(registry_pointer self, tenant_registry_options options) {
  initialize(self, options);
  return {
      [self](progress_atom, const tenant_info &tenant,
             workflow_info &workflow) {
        return on_progress(self, tenant, std::move(workflow));
      },
      [self](register_atom, registration_request &request) {
        return on_register(self, std::move(request));
      },
      [self](login_atom, const std::string &email) {
        return on_login(self, email);
      },
      [self](rehash_atom, const std::string &user_id, const std::string &hash) {
        on_rehash(self, user_id, hash);
      },
      [self](tenant_atom, const std::string &tenant_id) {
        return on_get_tenant(self, tenant_id);
      },
      [self](workflow_atom, const std::string &tenant_id,
             const std::string &workflow_id, bool any_tenant,
             std::int64_t wait_ms) {
        return on_get_workflow(self, tenant_id, workflow_id, any_tenant,
                               wait_ms);
      },
      [self](quotas_atom, const std::string &tenant_id, tenant_quotas quotas) {
        return on_quotas(self, tenant_id, quotas);
      },
      [self](provision_atom, const std::string &tenant_id) {
        return on_provision(self, tenant_id);
      },
      [self](reserve_atom, const std::string &tenant_id) {
        return on_reserve(self, tenant_id);
      },
      [self](wake_atom, std::uint64_t waiter) { on_wake(self, waiter); },
  };
}

} // namespace

tenant_registry spawn_tenant_registry(caf::actor_system &system,
                                      tenant_registry_options options) {
  return system.spawn(registry_behavior, std::move(options));
}

} // namespace orch
