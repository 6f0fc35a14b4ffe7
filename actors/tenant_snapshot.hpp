#pragma once

#include "actors/tenant_info.hpp"
#include "actors/workflow_info.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <vector>

namespace orch {

// Which part of a tenant a snapshot changes. Only that part is written, so
// changes of different parts in flight at once cannot undo each other.
enum class tenant_change : std::uint8_t { status, quotas, id_namespace };

// A change of a tenant, together with the execution it belongs to when there
// is one, stored in one transaction: a tenant's status and its
// provisioning's progress never disagree on disk.
struct tenant_snapshot {
  tenant_change change = tenant_change::status;
  tenant_info tenant;
  // None or one: the execution whose progress changed the tenant.
  std::vector<workflow_info> workflows;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, tenant_snapshot &x) {
  return f(caf::meta::type_name("tenant_snapshot"), x.change, x.tenant,
           x.workflows);
}

} // namespace orch
