#pragma once

#include "actors/tenant_quotas.hpp"
#include "persistence/db_status.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>

namespace orch::persistence {

// Inserts or replaces the tenant's quotas; foreign_key for an unknown tenant.
db_status set_quotas(soci::session &sql, const std::string &tenant_id,
                     const orch::tenant_quotas &quotas);
db_status set_quotas(write_transaction &tx, const std::string &tenant_id,
                     const orch::tenant_quotas &quotas);

namespace detail {
// The statement behind set_quotas, for writes that include it in theirs;
// throws soci::soci_error.
void write_quotas(soci::session &sql, const std::string &tenant_id,
                  const orch::tenant_quotas &quotas);
} // namespace detail

std::optional<orch::tenant_quotas> find_quotas(soci::session &sql,
                                               const std::string &tenant_id);

} // namespace orch::persistence
