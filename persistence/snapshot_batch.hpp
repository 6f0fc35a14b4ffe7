#pragma once

#include "actors/allocation_info.hpp"
#include "actors/idempotency.hpp"
#include "actors/job_info.hpp"
#include "actors/registration.hpp"
#include "actors/tenant_snapshot.hpp"
#include "actors/user_info.hpp"
#include "actors/worker_info.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace orch::persistence {

// A durable snapshot and the key its requester waits under.
struct keyed_registration {
  std::string key;
  orch::registration value;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, keyed_registration &x) {
  return f(caf::meta::type_name("keyed_registration"), x.key, x.value);
}

struct keyed_tenant_snapshot {
  std::string key;
  orch::tenant_snapshot value;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f,
                                        keyed_tenant_snapshot &x) {
  return f(caf::meta::type_name("keyed_tenant_snapshot"), x.key, x.value);
}

// The snapshots committed together in one transaction (group commit). Only
// the latest snapshot of each job, worker, allocation and user is kept (a
// job's snapshot carries its whole event log, so older ones add nothing);
// registrations and tenant snapshots are all kept, in arrival order.
struct snapshot_batch {
  std::uint64_t batch_id = 0;
  std::vector<job_info> jobs;
  std::vector<worker_info> workers;
  std::vector<allocation_info> allocations;
  std::vector<keyed_registration> registrations;
  std::vector<keyed_tenant_snapshot> tenants;
  std::vector<user_info> users;
  // Idempotency keys of new jobs in `jobs`, written after them.
  std::vector<idempotency_claim> claims;

  bool empty() const { return size() == 0; }
  std::size_t size() const {
    return jobs.size() + workers.size() + allocations.size() +
           registrations.size() + tenants.size() + users.size() + claims.size();
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, snapshot_batch &x) {
  return f(caf::meta::type_name("snapshot_batch"), x.batch_id, x.jobs,
           x.workers, x.allocations, x.registrations, x.tenants, x.users,
           x.claims);
}

// A snapshot the database refused on its own: a job by its id, a
// registration or tenant snapshot by its key. `duplicate` when it collided
// with a unique value (an email, an id namespace).
struct refused_snapshot {
  std::string key;
  bool duplicate = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, refused_snapshot &x) {
  return f(caf::meta::type_name("refused_snapshot"), x.key, x.duplicate);
}

// Writes a batch in one transaction. A snapshot the database refuses on its
// own (bad data, unknown tenant, a taken email) is left out alone, so one
// poisoned snapshot cannot block the others; the refused ones are returned.
// Throws when the transaction as a whole fails (it is rolled back: no
// partial rows).
class batch_committer {
public:
  virtual ~batch_committer() = default;
  virtual std::vector<refused_snapshot> commit(const snapshot_batch &batch) = 0;
};

} // namespace orch::persistence
