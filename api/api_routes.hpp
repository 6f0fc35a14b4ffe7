#pragma once

#include "api/account_services.hpp"
#include "api/health_routes.hpp"
#include "api/route_context.hpp"

namespace orch::api {

// Every route the server serves: health, metrics, the OpenAPI document, sign-up
// and login, tenants and workflows, jobs, the supervisor and resources. The
// OpenAPI test checks this set against api/openapi.json.
void add_api_routes(router &routes, const route_context &context,
                    account_services_ptr accounts, readiness_check check_ready);

} // namespace orch::api
