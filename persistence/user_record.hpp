#pragma once

#include "actors/user_info.hpp"

namespace orch::persistence {

// A `users` row: the actors' user_info. Operators belong to no tenant (empty
// tenant_id, NULL in the database). Scopes are stored space separated, as in
// the token claim.
using user_record = orch::user_info;

} // namespace orch::persistence
