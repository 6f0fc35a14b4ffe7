#pragma once

#include "api/account_services.hpp"
#include "api/router.hpp"

namespace orch::api {

// POST /auth/register {email, password, tenant_name}
//   201 {user_id, tenant_id, workflow_id, status: "pending"} once stored;
//   409 when the email is registered; 422 naming a bad or unknown field.
// POST /auth/login {email, password}
//   200 {access_token, token_type: "bearer", expires_in}; 401 for a wrong
//   password and an unknown email alike. A stored hash weaker than the
//   configured parameters is replaced at a successful login.
// Both answer 503 with Retry-After when too many hashes are waiting.
void add_auth_routes(router &routes, account_services_ptr services);

} // namespace orch::api
