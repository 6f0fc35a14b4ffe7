#include "api/tenant_json.hpp"

#include "api/rfc3339.hpp"

namespace orch::api {

using nlohmann::json;

namespace {

json text_or_null(const std::string &text) {
  if (text.empty())
    return nullptr;
  return text;
}

} // namespace

json quotas_json(const tenant_quotas &quotas) {
  return {{"max_workers", quotas.max_workers},
          {"max_running_jobs", quotas.max_running_jobs},
          {"max_pending_jobs", quotas.max_pending_jobs}};
}

json tenant_json(const tenant_info &tenant) {
  return {{"tenant_id", tenant.tenant_id},
          {"name", tenant.name},
          {"status", std::string(to_string(tenant.status))},
          {"is_active", is_active(tenant.status)},
          {"quotas", quotas_json(tenant.quotas)},
          {"namespace", text_or_null(tenant.id_namespace)},
          {"created_at", rfc3339_or_null(tenant.created_at_ms)},
          {"updated_at", rfc3339_or_null(tenant.updated_at_ms)}};
}

json workflow_json(const workflow_info &workflow) {
  auto steps = json::array();
  for (const auto &step : workflow.steps)
    steps.push_back({{"name", step.name},
                     {"status", step.status},
                     {"attempts", step.attempts},
                     {"error", text_or_null(step.error)}});
  return {{"workflow_id", workflow.workflow_id},
          {"tenant_id", workflow.tenant_id},
          {"kind", workflow.kind},
          {"status", std::string(to_string(workflow.status))},
          {"current_step", text_or_null(workflow.current_step)},
          {"attempt", workflow.attempt},
          {"steps", std::move(steps)},
          {"error", text_or_null(workflow.error)},
          {"started_at", rfc3339_or_null(workflow.started_at_ms)},
          {"finished_at", rfc3339_or_null(workflow.finished_at_ms)}};
}

} // namespace orch::api
