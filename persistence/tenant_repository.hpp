#pragma once

#include "actors/tenant_quotas.hpp"
#include "persistence/db_status.hpp"
#include "persistence/tenant_record.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Creates the tenant and its quotas together (tenant.quotas is not read; the
// id namespace is set later, by set_tenant_namespace). An updated_at of 0 is
// taken from created_at. Returns duplicate for an existing tenant id.
db_status create_tenant(soci::session &sql, const tenant_record &tenant,
                        const orch::tenant_quotas &quotas);
db_status create_tenant(write_transaction &tx, const tenant_record &tenant,
                        const orch::tenant_quotas &quotas);

// Sets the status; not_found for an unknown tenant.
db_status update_tenant_status(soci::session &sql, const std::string &tenant_id,
                               orch::tenant_status status,
                               std::int64_t updated_at_ms);
db_status update_tenant_status(write_transaction &tx,
                               const std::string &tenant_id,
                               orch::tenant_status status,
                               std::int64_t updated_at_ms);

// Sets the tenant's id namespace; duplicate when another tenant holds it,
// not_found for an unknown tenant.
db_status set_tenant_namespace(write_transaction &tx,
                               const std::string &tenant_id,
                               const std::string &id_namespace);

// Deletes the tenant and, by cascade, everything it owns: users, quotas,
// jobs with their events, workflows, allocations and idempotency keys.
db_status delete_tenant(soci::session &sql, const std::string &tenant_id);
db_status delete_tenant(write_transaction &tx, const std::string &tenant_id);

std::optional<tenant_record> find_tenant(soci::session &sql,
                                         const std::string &tenant_id);

// Every tenant with its quotas, oldest first, to rebuild the tenant registry
// at start. Tenants found here carry their quotas and id namespace.
std::vector<tenant_record> load_tenants(soci::session &sql);

} // namespace orch::persistence
