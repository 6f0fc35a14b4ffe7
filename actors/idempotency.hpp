#pragma once

#include "actors/allocation_info.hpp"
#include "actors/job_info.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>

namespace orch {

// Keys are kept this long after their first use (24 h, as Stripe does);
// later, the same key starts a new request.
constexpr std::int64_t idempotency_ttl_ms = 24LL * 60 * 60 * 1000;

// A client's Idempotency-Key and the fingerprint (a hash of the canonical
// request body, computed by the REST layer) that tells a retry of the same
// request from a reuse of the key for another one.
struct idempotent_request {
  std::string key;
  std::string fingerprint;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, idempotent_request &x) {
  return f(caf::meta::type_name("idempotent_request"), x.key, x.fingerprint);
}

// A key bound to the job it created, stored with the job's first snapshot
// and loaded again at start.
struct idempotency_claim {
  std::string tenant_id;
  std::string key;
  std::string fingerprint;
  std::string job_id;
  std::int64_t created_at_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, idempotency_claim &x) {
  return f(caf::meta::type_name("idempotency_claim"), x.tenant_id, x.key,
           x.fingerprint, x.job_id, x.created_at_ms);
}

// The answer to a keyed submit: the job, and whether it was created by an
// earlier request with the same key (then only `job.job_id` is set).
struct job_submission {
  job_info job;
  bool replayed = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, job_submission &x) {
  return f(caf::meta::type_name("job_submission"), x.job, x.replayed);
}

// The answer to a keyed allocate: the allocation as it was granted or, when
// replayed, as it is now.
struct allocation_grant {
  allocation_info allocation;
  bool replayed = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, allocation_grant &x) {
  return f(caf::meta::type_name("allocation_grant"), x.allocation, x.replayed);
}

} // namespace orch
