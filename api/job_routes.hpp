#pragma once

#include "api/route_context.hpp"

namespace orch::api {

// POST /api/jobs/submit, GET /api/jobs/{id}, POST /api/jobs/{id}/cancel and
// GET /api/jobs (DESIGN.md §5), each scoped to the token's tenant.
void add_job_routes(router &routes, const route_context &context);

} // namespace orch::api
