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
  tenant_queue *best = nullptr;
  std::int32_t best_held = 0;
  std::uint64_t best_served = 0;
  std::optional<queue_entry> best_head;
  for (auto &[tenant_id, queue] : tenants_) {
    if (queue.jobs.empty())
      continue;
    auto &[k, job] = *queue.jobs.begin();
    auto head = entry_of(tenant_id, k, job);
    if (!allowed(head))
      continue;
    auto h = held(tenant_id);
    auto served = last_served_[tenant_id];
    if (best == nullptr || h < best_held ||
        (h == best_held && served < best_served)) {
      best = &queue;
      best_head = std::move(head);
      best_held = h;
      best_served = served;
    }
  }
  if (best == nullptr || !fits(*best_head))
    return std::nullopt;
  best->jobs.erase(best->jobs.begin());
  index_.erase(best_head->job_id);
  last_served_[best_head->tenant_id] = ++rounds_;
  return best_head;
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
