#include "actors/pending_queue.hpp"

namespace orch {

queue_entry pending_queue::entry_of(const std::string &tenant_id, const key &k,
                                    const waiting_job &job) {
  return {job.job_id, tenant_id, -std::get<0>(k), job.required_workers,
          job.attempt};
}

void pending_queue::push(queue_entry entry) {
  key k{-entry.priority, ++arrivals_};
  auto &queue = tenants_[entry.tenant_id];
  index_[entry.job_id] = {&queue, k};
  queue.jobs.emplace(k, waiting_job{std::move(entry.job_id),
                                    entry.required_workers, entry.attempt});
}

bool pending_queue::remove(const std::string &job_id) {
  auto it = index_.find(job_id);
  if (it == index_.end())
    return false;
  it->second.queue->jobs.erase(it->second.position);
  index_.erase(it);
  return true;
}

bool pending_queue::contains(const std::string &job_id) const {
  return index_.count(job_id) > 0;
}

std::size_t pending_queue::size(const std::string &tenant_id) const {
  auto it = tenants_.find(tenant_id);
  return it == tenants_.end() ? 0 : it->second.jobs.size();
}

std::optional<queue_entry> pending_queue::pop_next(const held_workers &held,
                                                   const can_start &allowed,
                                                   const can_start &fits) {
  // Compared by reference: no copy of a job or tenant id until one leaves.
  const std::string *best_tenant = nullptr;
  tenant_queue *best = nullptr;
  std::int32_t best_held = 0;
  for (auto &[tenant_id, queue] : tenants_) {
    if (queue.jobs.empty() ||
        !allowed(tenant_id, queue.jobs.begin()->second.required_workers))
      continue;
    auto h = held(tenant_id);
    if (best == nullptr || h < best_held ||
        (h == best_held && queue.last_served < best->last_served)) {
      best_tenant = &tenant_id;
      best = &queue;
      best_held = h;
    }
  }
  if (best == nullptr ||
      !fits(*best_tenant, best->jobs.begin()->second.required_workers))
    return std::nullopt;
  auto head = best->jobs.begin();
  auto next = entry_of(*best_tenant, head->first, head->second);
  best->jobs.erase(head);
  index_.erase(next.job_id);
  best->last_served = ++rounds_;
  return next;
}

std::size_t pending_queue::position(const std::string &job_id) const {
  auto it = index_.find(job_id);
  if (it == index_.end())
    return 0;
  const auto &jobs = it->second.queue->jobs;
  return static_cast<std::size_t>(
      std::distance(jobs.begin(), jobs.find(it->second.position)));
}

} // namespace orch
