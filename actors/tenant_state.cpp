#include "actors/tenant_state.hpp"

#include "actors/state_names.hpp"

namespace orch {

std::string_view to_string(tenant_status s) {
  switch (s) {
  case tenant_status::pending:
    return "pending";
  case tenant_status::running:
    return "running";
  case tenant_status::ready:
    return "ready";
  case tenant_status::failed:
    return "failed";
  }
  // Only reached for a value cast from outside the enum.
  return "unknown";
}

std::optional<tenant_status> parse_tenant_status(std::string_view name) {
  return parse_state_name(all_tenant_statuses(), name);
}

transition_result<tenant_status> transition(tenant_status from,
                                            tenant_status to) {
  return state_machine<tenant_traits>::transition(from, to);
}

} // namespace orch
