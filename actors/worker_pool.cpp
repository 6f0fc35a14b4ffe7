#include "actors/worker_pool.hpp"

#include <algorithm>
#include <iterator>

namespace orch {

namespace {

bool runs_a_part(worker_state state) {
  return state == worker_state::busy || state == worker_state::draining;
}

} // namespace

void worker_pool::add(worker_info info) {
  auto id = info.worker_id;
  auto &worker = workers_[id];
  worker.info = std::move(info);
  worker.hold = {};
  refresh(worker);
}

pooled_worker *worker_pool::find(const std::string &worker_id) {
  auto it = workers_.find(worker_id);
  return it == workers_.end() ? nullptr : &it->second;
}

const pooled_worker *worker_pool::find(const std::string &worker_id) const {
  auto it = workers_.find(worker_id);
  return it == workers_.end() ? nullptr : &it->second;
}

std::optional<worker_hold> worker_pool::update(const worker_info &info) {
  auto *worker = find(info.worker_id);
  if (worker == nullptr)
    return std::nullopt;
  auto allocation = worker->info.allocation_id;
  worker->info = info;
  worker->info.allocation_id = allocation;
  std::optional<worker_hold> ended;
  bool part_over = !runs_a_part(info.status) && info.current_job_id.empty() &&
                   info.lease >= worker->hold.lease;
  bool gone = info.status == worker_state::failed ||
              info.status == worker_state::terminated;
  if (!worker->hold.job_id.empty() && (part_over || gone)) {
    ended = worker->hold;
    worker->hold.job_id.clear();
  }
  refresh(*worker);
  return ended;
}

void worker_pool::refresh(const pooled_worker &worker) {
  const auto &id = worker.info.worker_id;
  if (worker.info.status == worker_state::idle && worker.hold.empty())
    available_.insert(id);
  else
    available_.erase(id);
}

void worker_pool::grant(const std::string &id, worker_hold hold,
                        std::int32_t part_index) {
  auto &worker = workers_.at(id);
  worker.hold = std::move(hold);
  worker.hold.part_index = part_index;
  worker.hold.lease = ++worker.last_lease;
  worker.info.allocation_id = worker.hold.allocation_id;
  available_.erase(id);
}

std::vector<std::string> worker_pool::take(std::size_t count,
                                           const worker_hold &hold) {
  std::vector<std::string> ids;
  if (count == 0 || available_.size() < count)
    return ids;
  ids.assign(available_.begin(),
             std::next(available_.begin(), static_cast<std::ptrdiff_t>(count)));
  for (std::size_t i = 0; i < ids.size(); ++i)
    grant(ids[i], hold, static_cast<std::int32_t>(i));
  return ids;
}

std::vector<std::string> worker_pool::hold_for_job(std::size_t count,
                                                   const std::string &tenant_id,
                                                   const std::string &job_id,
                                                   std::int32_t attempt) {
  return take(count, {tenant_id, job_id, attempt, 0, {}, 0});
}

std::vector<std::string>
worker_pool::hold_for_allocation(std::size_t count,
                                 const std::string &tenant_id,
                                 const std::string &alloc_id) {
  return take(count, {tenant_id, {}, 0, 0, alloc_id, 0});
}

std::size_t worker_pool::alive() const {
  return static_cast<std::size_t>(
      std::count_if(workers_.begin(), workers_.end(), [](const auto &entry) {
        return entry.second.info.status != worker_state::terminated;
      }));
}

std::size_t worker_pool::in_service() const {
  return static_cast<std::size_t>(
      std::count_if(workers_.begin(), workers_.end(), [](const auto &entry) {
        const auto &w = entry.second;
        auto status = w.info.status;
        return (status == worker_state::idle || status == worker_state::busy) &&
               w.hold.allocation_id.empty();
      }));
}

std::vector<std::string> worker_pool::hold_named_for_allocation(
    const std::vector<std::string> &worker_ids, const std::string &tenant_id,
    const std::string &alloc_id) {
  std::vector<std::string> held;
  for (const auto &id : worker_ids) {
    if (available_.count(id) == 0)
      continue;
    grant(id, {tenant_id, {}, 0, 0, alloc_id, 0},
          static_cast<std::int32_t>(held.size()));
    held.push_back(id);
  }
  return held;
}

void worker_pool::release_allocation(const std::vector<std::string> &ids) {
  for (const auto &id : ids) {
    if (auto *worker = find(id)) {
      worker->hold.allocation_id.clear();
      worker->info.allocation_id.clear();
      refresh(*worker);
    }
  }
}

std::vector<worker_info> worker_pool::list() const {
  std::vector<worker_info> result;
  for (const auto &[id, worker] : workers_)
    result.push_back(worker.info);
  return result;
}

std::map<std::string, std::int64_t> worker_pool::count_by_state() const {
  std::map<std::string, std::int64_t> counts;
  for (auto state : all_worker_states())
    counts[std::string(to_string(state))] = 0;
  for (const auto &[id, worker] : workers_)
    ++counts[std::string(to_string(worker.info.status))];
  return counts;
}

} // namespace orch
