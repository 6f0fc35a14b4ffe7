#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

namespace orch {

struct queue_entry {
  std::string job_id;
  std::string tenant_id;
  std::int32_t priority = 0;
  std::int32_t required_workers = 1;
  std::int32_t attempt = 1;
};

// Pending jobs, one queue per tenant ordered by priority (higher first) then
// arrival. The next job comes from the tenant holding the fewest workers among
// those whose head job is allowed to run (fair share), ties going to the
// tenant served least recently; so a tenant that floods the queue cannot
// starve another. Within a tenant, priority decides. When the chosen head
// needs more idle workers than there are, nothing starts: freed workers
// gather for it instead of going to other tenants' smaller jobs, so a gang
// job is not starved.
class pending_queue {
public:
  // Entries point into the tenants' queues: moved, never copied.
  pending_queue() = default;
  pending_queue(const pending_queue &) = delete;
  pending_queue &operator=(const pending_queue &) = delete;
  pending_queue(pending_queue &&) = default;
  pending_queue &operator=(pending_queue &&) = default;

  using held_workers = std::function<std::int32_t(const std::string &tenant)>;
  // Whether a tenant's head job, needing `required_workers`, can start.
  using can_start = std::function<bool(const std::string &tenant_id,
                                       std::int32_t required_workers)>;

  void push(queue_entry entry);
  bool remove(const std::string &job_id);
  bool contains(const std::string &job_id) const;
  std::size_t size() const { return index_.size(); }
  std::size_t size(const std::string &tenant_id) const;

  // Removes and returns the next job to start, or nothing. `allowed`: the
  // head may run at all now (quotas, enough workers in service); `fits`:
  // enough workers are idle to start it at once.
  std::optional<queue_entry> pop_next(const held_workers &held,
                                      const can_start &allowed,
                                      const can_start &fits);

  // How many jobs of the same tenant are ahead of this one.
  std::size_t position(const std::string &job_id) const;

private:
  // (-priority, arrival): the map's first element is the tenant's head.
  using key = std::tuple<std::int32_t, std::uint64_t>;
  // A queued job as its tenant's queue holds it: the tenant is the queue's
  // and the priority is in the key, so neither is stored per job (a million
  // pending jobs, DESIGN.md §8).
  struct waiting_job {
    std::string job_id;
    std::int32_t required_workers = 1;
    std::int32_t attempt = 1;
  };
  // When the tenant was last served is kept when its queue empties, so a
  // tenant whose queue keeps draining and refilling is not taken for new.
  struct tenant_queue {
    std::map<key, waiting_job> jobs;
    std::uint64_t last_served = 0;
  };
  // The job as the callers see it.
  static queue_entry entry_of(const std::string &tenant_id, const key &k,
                              const waiting_job &job);
  struct location {
    tenant_queue *queue; // in tenants_, whose nodes never move
    key position;
  };

  // A tenant's queue stays when it empties: tenants are few, and a queue
  // that drains and refills is not rebuilt each time.
  std::map<std::string, tenant_queue> tenants_;
  std::unordered_map<std::string, location> index_;
  std::uint64_t arrivals_ = 0;
  std::uint64_t rounds_ = 0;
};

} // namespace orch
