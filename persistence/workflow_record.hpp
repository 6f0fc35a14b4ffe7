#pragma once

#include "actors/workflow_info.hpp"

namespace orch::persistence {

// One step of a workflow execution. Step statuses are the workflow's own
// vocabulary (see orch::step_status), kept as text.
using workflow_step = orch::workflow_step;

// A `workflow_executions` row (DESIGN.md §5 workflow shape).
using workflow_record = orch::workflow_info;

} // namespace orch::persistence
