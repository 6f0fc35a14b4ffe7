#pragma once

#include "actors/tenant_info.hpp"
#include "actors/workflow_info.hpp"

#include <nlohmann/json.hpp>

namespace orch::api {

// The resource shapes of DESIGN.md §5 (times RFC 3339, null when not yet).

// {max_workers, max_running_jobs, max_pending_jobs}
nlohmann::json quotas_json(const tenant_quotas &quotas);

// {tenant_id, name, status, is_active, quotas, namespace, created_at,
//  updated_at}
nlohmann::json tenant_json(const tenant_info &tenant);

// {workflow_id, tenant_id, kind, status, current_step, attempt,
//  steps: [{name, status, attempts, error}], error, started_at, finished_at}
nlohmann::json workflow_json(const workflow_info &workflow);

} // namespace orch::api
