#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orch::persistence {

// A `users` row. Operators belong to no tenant (empty tenant_id, NULL in the
// database). Scopes are stored space separated, as in the token claim.
struct user_record {
  std::string user_id;
  std::string email;
  std::string password_hash; // encoded Argon2id
  std::string tenant_id;
  std::vector<std::string> scopes;
  std::int64_t created_at_ms = 0;
};

} // namespace orch::persistence
