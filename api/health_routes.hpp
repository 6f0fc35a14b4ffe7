#pragma once

#include "api/router.hpp"

#include <functional>

namespace orch::api {

// Decides readiness without blocking the HTTP thread: calls `done(ready)`
// once, now or later from any thread.
using readiness_check =
    std::function<void(std::function<void(bool ready)> done)>;

// GET /healthz: the process is up. GET /readyz: it can serve requests (the
// readiness check decides, for example whether the database answers).
void add_health_routes(router &routes, readiness_check check_ready);

} // namespace orch::api
