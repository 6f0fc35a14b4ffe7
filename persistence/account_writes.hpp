#pragma once

#include "actors/registration.hpp"
#include "actors/tenant_snapshot.hpp"
#include "persistence/db_status.hpp"
#include "persistence/write_transaction.hpp"

namespace orch::persistence {

// The composite writes of the tenant registry's snapshots. Each is one write
// of `tx` (one savepoint in per_write mode): it succeeds whole or leaves no
// row behind.

// The user, the tenant with its quotas and the execution. duplicate when the
// email (or an id) exists.
db_status save_registration(write_transaction &tx,
                            const orch::registration &created);

// The changed part of the tenant (status, quotas or id namespace), and the
// execution with it when there is one. duplicate when the namespace is
// another tenant's; not_found for an unknown tenant.
db_status save_tenant_snapshot(write_transaction &tx,
                               const orch::tenant_snapshot &snapshot);

} // namespace orch::persistence
