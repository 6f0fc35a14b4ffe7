#pragma once

#include "actors/worker_info.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace orch {

// Who holds a worker: at most one job (with the attempt it was leased for)
// or one allocation, never both. `lease` numbers the hold among all holds of
// the worker, higher for each new one.
struct worker_hold {
  std::string tenant_id;
  std::string job_id;
  std::int32_t attempt = 0;
  std::int32_t part_index = 0;
  std::string allocation_id;
  std::uint64_t lease = 0;
  bool empty() const { return job_id.empty() && allocation_id.empty(); }
};

struct pooled_worker {
  worker_info info;
  worker_hold hold;
  std::uint64_t last_lease = 0; // the lease of the latest hold
};

// The supervisor's registry of workers: their last reported state and who
// holds each. The supervisor is its only writer, so "who holds which worker"
// has a single source of truth.
class worker_pool {
public:
  void add(worker_info info);
  pooled_worker *find(const std::string &worker_id);
  const pooled_worker *find(const std::string &worker_id) const;

  // Records a state reported by the worker. A worker that is no longer
  // running a part (idle, paused) stops holding its job, but only once it
  // has seen the hold's assignment (the report echoes the hold's lease or a
  // later one): a report sent before it only updates the state. A failed or
  // terminated worker stops holding its job at once. The hold that ended is
  // returned.
  std::optional<worker_hold> update(const worker_info &info);

  // Idle workers held by nobody.
  std::size_t available() const { return available_.size(); }
  std::size_t size() const { return workers_.size(); }
  // Workers not terminated: what quotas and job sizes are measured against.
  std::size_t alive() const;
  // Workers that run or can soon run jobs: idle or busy, and not held by an
  // allocation. A job needing more can not start now.
  std::size_t in_service() const;

  // Holds `count` available workers for a job attempt or an allocation, each
  // under a new lease, and returns their ids (empty if fewer are available:
  // all or nothing).
  std::vector<std::string> hold_for_job(std::size_t count,
                                        const std::string &tenant_id,
                                        const std::string &job_id,
                                        std::int32_t attempt);
  std::vector<std::string> hold_for_allocation(std::size_t count,
                                               const std::string &tenant_id,
                                               const std::string &alloc_id);
  // Holds, for an allocation recovered after a restart, those of the named
  // workers that exist and are available; returns their ids.
  std::vector<std::string>
  hold_named_for_allocation(const std::vector<std::string> &worker_ids,
                            const std::string &tenant_id,
                            const std::string &alloc_id);
  void release_allocation(const std::vector<std::string> &worker_ids);

  std::vector<worker_info> list() const;
  std::map<std::string, std::int64_t> count_by_state() const;

private:
  std::vector<std::string> take(std::size_t count, const worker_hold &hold);
  // Gives an available worker the hold, under a new lease.
  void grant(const std::string &id, worker_hold hold, std::int32_t part_index);
  void refresh(const pooled_worker &worker);

  std::map<std::string, pooled_worker> workers_;
  std::set<std::string> available_;
};

} // namespace orch
