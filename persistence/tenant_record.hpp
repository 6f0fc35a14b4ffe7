#pragma once

#include "actors/tenant_state.hpp"

#include <cstdint>
#include <string>

namespace orch::persistence {

// A `tenants` row. is_active is derived from the status, never stored.
struct tenant_record {
  std::string tenant_id;
  std::string name;
  orch::tenant_status status = orch::tenant_status::pending;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

} // namespace orch::persistence
