#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orch {

// An account that can log in. Operators belong to no tenant (empty
// tenant_id). Scopes are the ones its tokens grant.
struct user_info {
  std::string user_id;
  std::string email;
  std::string password_hash; // encoded Argon2id
  std::string tenant_id;
  std::vector<std::string> scopes;
  std::int64_t created_at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, user_info &x) {
  return f(caf::meta::type_name("user_info"), x.user_id, x.email,
           x.password_hash, x.tenant_id, x.scopes, x.created_at_ms);
}

// The scopes of a user who registers a tenant (DESIGN.md §5).
inline std::vector<std::string> tenant_owner_scopes() {
  return {"jobs:read", "jobs:write", "jobs:exec", "resources:read",
          "resources:write"};
}

// The scopes of an operator: the supervisor endpoints, and reading any
// tenant's provisioning.
inline std::vector<std::string> operator_scopes() {
  return {"supervisor:read", "supervisor:write"};
}

} // namespace orch
