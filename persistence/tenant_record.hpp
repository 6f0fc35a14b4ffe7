#pragma once

#include "actors/tenant_info.hpp"

namespace orch::persistence {

// A `tenants` row with its quotas (from `quotas`) and id namespace: the
// actors' tenant_info. is_active is derived from the status, never stored.
using tenant_record = orch::tenant_info;

} // namespace orch::persistence
