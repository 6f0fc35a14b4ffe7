#pragma once

#include "persistence/db_status.hpp"
#include "persistence/workflow_record.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Returns duplicate for an existing workflow id, foreign_key for an unknown
// tenant.
db_status create_workflow(soci::session &sql, const workflow_record &workflow);
db_status create_workflow(write_transaction &tx,
                          const workflow_record &workflow);

// Writes the progress (status, current step, attempt, steps, error,
// finished_at) of an existing execution of the record's tenant; not_found
// otherwise. The id, tenant, kind and started_at never change.
db_status update_workflow(soci::session &sql, const workflow_record &workflow);
db_status update_workflow(write_transaction &tx,
                          const workflow_record &workflow);

// Writes the execution whole: update_workflow, or create_workflow when it is
// not stored yet; duplicate when its id belongs to another tenant.
db_status save_workflow(write_transaction &tx, const workflow_record &workflow);

// nullopt if unknown or another tenant's.
std::optional<workflow_record> find_workflow(soci::session &sql,
                                             const std::string &tenant_id,
                                             const std::string &workflow_id);

// Every execution, oldest first, so the registry answers for finished ones
// after a restart too.
std::vector<workflow_record> load_workflows(soci::session &sql);

// Executions still running, oldest first, to resume them after a restart.
std::vector<workflow_record> load_unfinished_workflows(soci::session &sql);

} // namespace orch::persistence
