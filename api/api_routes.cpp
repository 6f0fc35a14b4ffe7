#include "api/api_routes.hpp"

#include "api/auth_routes.hpp"
#include "api/job_routes.hpp"
#include "api/metrics_route.hpp"
#include "api/openapi_routes.hpp"
#include "api/resource_routes.hpp"
#include "api/supervisor_routes.hpp"
#include "api/tenant_routes.hpp"

namespace orch::api {

void add_api_routes(router &routes, const route_context &context,
                    account_services_ptr accounts,
                    readiness_check check_ready) {
  add_health_routes(routes, std::move(check_ready));
  add_metrics_route(routes, context);
  add_openapi_route(routes);
  add_auth_routes(routes, accounts);
  add_tenant_routes(routes, std::move(accounts));
  add_job_routes(routes, context);
  add_supervisor_routes(routes, context);
  add_resource_routes(routes, context);
}

} // namespace orch::api
