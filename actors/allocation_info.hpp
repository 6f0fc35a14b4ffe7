#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orch {

// Workers held by a tenant explicitly, outside any job, until released.
struct allocation_info {
  std::string allocation_id;
  std::string tenant_id;
  std::vector<std::string> worker_ids;
  bool active = true;
  std::int64_t created_at_ms = 0;
  std::int64_t released_at_ms = 0; // 0: still active
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, allocation_info &x) {
  return f(caf::meta::type_name("allocation_info"), x.allocation_id,
           x.tenant_id, x.worker_ids, x.active, x.created_at_ms,
           x.released_at_ms);
}

} // namespace orch
