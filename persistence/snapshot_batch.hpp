#pragma once

#include "actors/allocation_info.hpp"
#include "actors/job_info.hpp"
#include "actors/worker_info.hpp"

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <vector>

namespace orch::persistence {

// The snapshots committed together in one transaction (group commit). Only
// the latest snapshot of each entity is kept: a job's snapshot carries its
// whole event log, so older ones add nothing.
struct snapshot_batch {
  std::uint64_t batch_id = 0;
  std::vector<job_info> jobs;
  std::vector<worker_info> workers;
  std::vector<allocation_info> allocations;

  bool empty() const {
    return jobs.empty() && workers.empty() && allocations.empty();
  }
  std::size_t size() const {
    return jobs.size() + workers.size() + allocations.size();
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, snapshot_batch &x) {
  return f(caf::meta::type_name("snapshot_batch"), x.batch_id, x.jobs,
           x.workers, x.allocations);
}

// Writes a batch in one transaction. A snapshot the database refuses on its
// own (bad data, unknown tenant) is left out alone, so one poisoned snapshot
// cannot block the others; the ids of refused jobs are returned. Throws when
// the transaction as a whole fails (it is rolled back: no partial rows).
class batch_committer {
public:
  virtual ~batch_committer() = default;
  virtual std::vector<std::string> commit(const snapshot_batch &batch) = 0;
};

} // namespace orch::persistence
