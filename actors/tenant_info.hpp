#pragma once

#include "actors/tenant_quotas.hpp"
#include "actors/tenant_state.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace orch {

// A tenant as the tenant registry holds it. is_active is derived from the
// status (tenant_state.hpp), never stored.
struct tenant_info {
  std::string tenant_id;
  std::string name;
  tenant_status status = tenant_status::pending;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  tenant_quotas quotas{};
  // The prefix reserved for the tenant's ids by provisioning; empty until
  // then.
  std::string id_namespace{};
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, tenant_info &x) {
  return f(caf::meta::type_name("tenant_info"), x.tenant_id, x.name, x.status,
           x.created_at_ms, x.updated_at_ms, x.quotas, x.id_namespace);
}

} // namespace orch
