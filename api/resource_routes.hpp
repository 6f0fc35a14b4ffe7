#pragma once

#include "api/route_context.hpp"

namespace orch::api {

// The tenant's resources (DESIGN.md §5): GET /api/resources/quotas and
// /usage, POST /api/resources/allocate {workers} (201; 429 over quota, 409
// without enough idle workers) and /release {allocation_id} (404 for an
// unknown or another tenant's allocation).
void add_resource_routes(router &routes, const route_context &context);

} // namespace orch::api
