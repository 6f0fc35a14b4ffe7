#pragma once

#include "actors/task_spec.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace orch {

// A submitted job, validated by the caller (the REST layer) and owned by its
// tenant, which comes from the verified token only.
struct job_spec {
  std::string tenant_id;
  std::string task_description;
  std::int32_t required_workers = 1;
  std::int32_t priority = 0;
  std::int32_t max_attempts = 3;
  std::int64_t timeout_ms = 0; // 0: no timeout
  task_spec task;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_spec &x) {
  return f(caf::meta::type_name("job_spec"), x.tenant_id, x.task_description,
           x.required_workers, x.priority, x.max_attempts, x.timeout_ms,
           x.task);
}

} // namespace orch
