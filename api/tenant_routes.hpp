#pragma once

#include "api/account_services.hpp"
#include "api/router.hpp"

namespace orch::api {

// GET  /api/tenants/me                      any valid token: the tenant of
//                                           the token's tid
// GET  /api/workflows/{workflow_id}         the caller's tenant's execution
//      [?wait_ms=0..30000]                  (404 otherwise; any tenant's
//                                           with supervisor:read); wait_ms
//                                           answers a running one when it
//                                           ends or when the wait is over
// PUT  /api/tenants/{tenant_id}/quotas      supervisor:write: {max_workers,
//                                           max_running_jobs,
//                                           max_pending_jobs}
// POST /api/tenants/{tenant_id}/provision   supervisor:write: 202 with a new
//                                           execution; 409 unless failed
void add_tenant_routes(router &routes, account_services_ptr services);

} // namespace orch::api
