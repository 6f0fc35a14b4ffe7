#pragma once

#include <cstdint>
#include <string>

namespace orch::persistence {

// An `idempotency_keys` row: the first job submitted with this key by this
// tenant, and a hash of its request body to tell a replay (same body) from a
// conflicting reuse (different body).
struct idempotency_record {
  std::string tenant_id;
  std::string idempotency_key;
  std::string request_hash;
  std::string job_id;
  std::int64_t created_at_ms = 0;
};

} // namespace orch::persistence
