#pragma once

// Internal to the tenant registry's .cpp files: its state and the handlers
// each file implements.

#include "actors/id_generator.hpp"
#include "actors/tenant_registry.hpp"

#include <caf/all.hpp>

#include <map>
#include <unordered_map>
#include <unordered_set>

namespace orch {

// The registry's own face: the public interface plus the end of a wait.
using registry_actor =
    tenant_registry::extend<caf::reacts_to<wake_atom, std::uint64_t>>;

// A reader waiting for a running execution to end.
struct workflow_waiter {
  std::string workflow_id;
  caf::typed_response_promise<workflow_info> promise;
};

struct registry_data {
  tenant_registry_options options;
  id_generator ids{0};
  // By email in lower case: addresses differing only in case are one.
  std::unordered_map<std::string, user_info> users_by_email;
  std::unordered_map<std::string, std::string> email_by_user_id;
  // Sign-ups waiting for their commit: a second one for the same email is
  // refused at once, so concurrent duplicates succeed exactly once.
  std::unordered_set<std::string> emails_in_flight;
  std::unordered_map<std::string, tenant_info> tenants;
  std::unordered_map<std::string, workflow_info> workflows;
  // Workflow actors still running, by execution id.
  std::unordered_map<std::string, provisioning_workflow> running;
  // Tenants whose new provisioning is being stored.
  std::unordered_set<std::string> provisions_in_flight;
  // Id namespaces reserved, being reserved, or refused by the database.
  std::unordered_set<std::string> namespaces;
  std::map<std::uint64_t, workflow_waiter> waiters;
  std::uint64_t next_waiter = 1;

  registry_data() = default;
  registry_data(const registry_data &) = delete;
  registry_data &operator=(const registry_data &) = delete;
  // Running workflows end with the registry.
  ~registry_data();

  static inline const char *name = "tenant_registry";
};

using registry_pointer = registry_actor::stateful_pointer<registry_data>;

// How long the registry waits for the writer to commit.
inline constexpr std::chrono::seconds durable_timeout{60};

// Stores `snapshot` durably, then calls on_stored(); or on_failed(error).
// Without a writer (tests) on_stored() runs at once.
template <class Snapshot, class OnStored, class OnFailed>
void store(registry_pointer self, Snapshot snapshot, OnStored on_stored,
           OnFailed on_failed) {
  auto &writer = self->state.options.writer;
  if (!writer) {
    on_stored();
    return;
  }
  self->request(writer, durable_timeout, snapshot_atom::value,
                std::move(snapshot))
      .then([on_stored](caf::ok_atom) mutable { on_stored(); },
            [on_failed](caf::error &error) mutable {
              on_failed(std::move(error));
            });
}

std::string email_key(const std::string &email);

// registry_accounts.cpp
caf::result<registration_receipt> on_register(registry_pointer self,
                                              registration_request request);
caf::result<user_info> on_login(registry_pointer self,
                                const std::string &email);
void on_rehash(registry_pointer self, const std::string &user_id,
               const std::string &hash);
void add_user(registry_pointer self, user_info user);

// registry_tenants.cpp
caf::result<tenant_info> on_get_tenant(registry_pointer self,
                                       const std::string &tenant_id);
caf::result<tenant_info> on_quotas(registry_pointer self,
                                   const std::string &tenant_id,
                                   tenant_quotas quotas);
caf::result<workflow_info> on_provision(registry_pointer self,
                                        const std::string &tenant_id);
caf::result<std::string> on_reserve(registry_pointer self,
                                    const std::string &tenant_id);

// registry_workflows.cpp
workflow_info new_workflow(registry_pointer self, const std::string &tenant_id);
void start_workflow(registry_pointer self, const std::string &workflow_id);
caf::result<tenant_info> on_progress(registry_pointer self,
                                     const tenant_info &tenant,
                                     workflow_info workflow);
caf::result<workflow_info> on_get_workflow(registry_pointer self,
                                           const std::string &tenant_id,
                                           const std::string &workflow_id,
                                           bool any_tenant,
                                           std::int64_t wait_ms);
void on_wake(registry_pointer self, std::uint64_t waiter);

} // namespace orch
