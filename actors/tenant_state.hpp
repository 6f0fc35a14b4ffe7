#pragma once

#include "actors/state_machine.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace orch {

// DESIGN.md §3, Tenant; `running` means provisioning is in progress.
enum class tenant_status { pending, running, ready, failed };

std::string_view to_string(tenant_status s);
std::optional<tenant_status> parse_tenant_status(std::string_view name);

constexpr std::array<tenant_status, 4> all_tenant_statuses() {
  return {tenant_status::pending, tenant_status::running, tenant_status::ready,
          tenant_status::failed};
}

// Derived, never stored, so it cannot disagree with the status.
constexpr bool is_active(tenant_status s) {
  return s == tenant_status::ready;
}

struct tenant_traits {
  using state = tenant_status;
  static constexpr std::string_view name = "tenant";
  static constexpr std::array<transition_row<tenant_status>, 4> table{{
      {tenant_status::pending, tenant_status::running},
      {tenant_status::running, tenant_status::ready},
      {tenant_status::running, tenant_status::failed},
      {tenant_status::failed, tenant_status::pending},
  }};
};

transition_result<tenant_status> transition(tenant_status from,
                                            tenant_status to);

// A tenant's lifecycle; is_active() is computed from the status on each call.
class tenant_lifecycle {
public:
  explicit tenant_lifecycle(tenant_status initial) : machine_(initial) {}

  tenant_status status() const { return machine_.current(); }
  bool is_active() const { return orch::is_active(status()); }

  transition_result<tenant_status> transition_to(tenant_status to) {
    return machine_.transition_to(to);
  }

private:
  machine<tenant_traits> machine_;
};

} // namespace orch
