#include "persistence/account_writes.hpp"

#include "persistence/quota_repository.hpp"
#include "persistence/tenant_repository.hpp"
#include "persistence/user_repository.hpp"
#include "persistence/workflow_repository.hpp"

namespace orch::persistence {

namespace {

db_status write_tenant_change(write_transaction &tx,
                              const orch::tenant_snapshot &snapshot) {
  const auto &tenant = snapshot.tenant;
  switch (snapshot.change) {
  case orch::tenant_change::status:
    return update_tenant_status(tx, tenant.tenant_id, tenant.status,
                                tenant.updated_at_ms);
  case orch::tenant_change::quotas:
    return set_quotas(tx, tenant.tenant_id, tenant.quotas);
  case orch::tenant_change::id_namespace:
    return set_tenant_namespace(tx, tenant.tenant_id, tenant.id_namespace);
  }
  return db_status::bad_argument;
}

} // namespace

db_status save_registration(write_transaction &tx,
                            const orch::registration &created) {
  return tx.run([&] {
    auto status = create_tenant(tx, created.tenant, created.tenant.quotas);
    if (status == db_status::ok)
      status = create_user(tx, created.user);
    if (status == db_status::ok)
      status = create_workflow(tx, created.workflow);
    return status;
  });
}

db_status save_tenant_snapshot(write_transaction &tx,
                               const orch::tenant_snapshot &snapshot) {
  return tx.run([&] {
    auto status = write_tenant_change(tx, snapshot);
    for (const auto &workflow : snapshot.workflows)
      if (status == db_status::ok)
        status = save_workflow(tx, workflow);
    return status;
  });
}

} // namespace orch::persistence
