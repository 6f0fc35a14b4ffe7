#pragma once

#include "api/route_context.hpp"

namespace orch::api {

// The operator routes (DESIGN.md §5): GET /api/supervisor/workers and
// /workers/{id}, POST /workers/{id}/pause, /resume and /terminate (the
// worker after the transition, 409 if not allowed), GET
// /api/supervisor/metrics. They need `supervisor:read` or `supervisor:write`.
void add_supervisor_routes(router &routes, const route_context &context);

} // namespace orch::api
