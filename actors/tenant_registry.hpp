#pragma once

#include "actors/provisioning_settings.hpp"
#include "actors/provisioning_step.hpp"
#include "actors/registration.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/snapshot_writer.hpp"
#include "actors/supervisor_actor.hpp"
#include "actors/workflow_actor.hpp"

#include <caf/typed_actor.hpp>

#include <string>
#include <vector>

namespace orch {

// Accounts, tenants and their provisioning, in memory and persisted through
// the snapshot writer; the single writer of users and tenants. Requests that
// act for a caller carry the tenant id from the verified token.
//
//   register (sign-up)            -> receipt once the registration committed
//   login, email                  -> the user (not_found if unknown)
//   rehash, user id, new hash     -> stores a stronger password hash
//   tenant, tenant id             -> the tenant
//   workflow, tenant id, workflow id, any tenant, wait ms
//                                 -> the execution; not_found if unknown or
//                                    another tenant's (unless any tenant).
//                                    With wait ms > 0 a running execution is
//                                    answered when it ends or when the wait
//                                    is over, whichever comes first.
//   quotas, tenant id, quotas     -> the tenant, once stored and in force
//   provision, tenant id          -> a new execution for a failed tenant
//                                    (invalid_transition otherwise)
//   reserve, tenant id            -> the tenant's id namespace, reserved
using tenant_registry = workflow_listener::extend<
    caf::replies_to<register_atom,
                    registration_request>::with<registration_receipt>,
    caf::replies_to<login_atom, std::string>::with<user_info>,
    caf::reacts_to<rehash_atom, std::string, std::string>,
    caf::replies_to<tenant_atom, std::string>::with<tenant_info>,
    caf::replies_to<workflow_atom, std::string, std::string, bool,
                    std::int64_t>::with<workflow_info>,
    caf::replies_to<quotas_atom, std::string, tenant_quotas>::with<tenant_info>,
    caf::replies_to<provision_atom, std::string>::with<workflow_info>,
    caf::replies_to<reserve_atom, std::string>::with<std::string>>;

struct tenant_registry_options {
  // Clock, id seed and the default quotas of new tenants.
  runtime_settings_ptr settings;
  // Null: nothing is persisted (tests).
  tenant_snapshot_writer writer;
  // Told every quota change; null: none is (tests).
  supervisor_actor supervisor;
  provisioning_steps steps;
  provisioning_settings provisioning;
  // The stored state to start from: running executions resume.
  std::vector<user_info> users;
  std::vector<tenant_info> tenants;
  std::vector<workflow_info> workflows;
};

tenant_registry spawn_tenant_registry(caf::actor_system &system,
                                      tenant_registry_options options);

} // namespace orch
