#pragma once

#include "api/router.hpp"

#include <functional>

namespace orch::api {

// GET /healthz: the process is up. GET /readyz: it can serve requests (the
// readiness check decides, for example the database and actor system).
void add_health_routes(router &routes, std::function<bool()> is_ready);

} // namespace orch::api
