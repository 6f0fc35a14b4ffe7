#include "actors/errors.hpp"
#include "actors/supervisor_state.hpp"

namespace orch {

caf::expected<allocation_info> allocate(supervisor_pointer self,
                                        const std::string &tenant_id,
                                        std::int32_t count) {
  auto &s = self->state;
  if (count < 1)
    return make_error(orch_errc::invalid_argument,
                      "workers must be at least 1");
  if (auto over = s.ledger.refuse_allocation(tenant_id, count, s.pool.alive()))
    return make_error(orch_errc::quota_exceeded, *over);
  auto now = s.settings->now_ms();
  auto id = s.ids.next("alloc", now);
  auto ids = s.pool.hold_for_allocation(static_cast<std::size_t>(count),
                                        tenant_id, id);
  if (ids.empty())
    return make_error(orch_errc::insufficient_workers,
                      "needs " + std::to_string(count) + " idle workers, " +
                          std::to_string(s.pool.available()) + " idle");
  auto &account = s.ledger.account(tenant_id);
  account.workers_held += count;
  account.workers_allocated += count;
  allocation_info info{id, tenant_id, std::move(ids), true, now, 0};
  s.allocations[id] = info;
  persist(self, info);
  return info;
}

void recover_allocations(supervisor_pointer self,
                         std::vector<allocation_info> allocations) {
  auto &s = self->state;
  for (auto &info : allocations) {
    if (!info.active)
      continue;
    info.worker_ids = s.pool.hold_named_for_allocation(
        info.worker_ids, info.tenant_id, info.allocation_id);
    auto count = static_cast<std::int32_t>(info.worker_ids.size());
    auto &account = s.ledger.account(info.tenant_id);
    account.workers_held += count;
    account.workers_allocated += count;
    auto id = info.allocation_id;
    s.allocations[id] = std::move(info);
  }
}

caf::result<allocation_info> release(supervisor_pointer self,
                                     const std::string &tenant_id,
                                     const std::string &allocation_id) {
  auto &s = self->state;
  auto it = s.allocations.find(allocation_id);
  if (it == s.allocations.end() || it->second.tenant_id != tenant_id ||
      !it->second.active)
    return make_error(orch_errc::not_found,
                      "no active allocation " + allocation_id);
  auto &info = it->second;
  s.pool.release_allocation(info.worker_ids);
  auto count = static_cast<std::int32_t>(info.worker_ids.size());
  auto &account = s.ledger.account(tenant_id);
  account.workers_held -= count;
  account.workers_allocated -= count;
  info.active = false;
  info.released_at_ms = s.settings->now_ms();
  auto released = info;
  persist(self, released);
  s.allocations.erase(it);
  schedule(self);
  return released;
}

tenant_usage usage_of(supervisor_pointer self, const std::string &tenant_id) {
  auto &s = self->state;
  return s.ledger.usage(tenant_id, s.pool.alive(), s.pool.available());
}

supervisor_metrics metrics_of(supervisor_pointer self) {
  auto &s = self->state;
  supervisor_metrics m;
  m.workers_by_state = s.pool.count_by_state();
  for (auto state : all_job_states())
    m.jobs_by_state[std::string(to_string(state))] = s.live_jobs(state);
  m.queue_depth = static_cast<std::int64_t>(s.queue.size());
  m.jobs_submitted = s.submitted;
  m.jobs_completed = s.completed;
  m.jobs_failed = s.failed;
  for (auto state : all_job_states())
    if (is_terminal(state))
      m.jobs_ended_by_state[std::string(to_string(state))] =
          s.ended_by_state[static_cast<std::size_t>(state)];
  auto now = s.settings->now_ms();
  auto recent = std::count_if(
      s.recent_completions_ms.begin(), s.recent_completions_ms.end(),
      [now](std::int64_t at) { return at >= now - 10000; });
  m.completed_per_second = static_cast<double>(recent) / 10.0;
  m.idempotency_keys = static_cast<std::int64_t>(
      s.job_keys.entries.size() + s.allocation_keys.entries.size());
  return m;
}

} // namespace orch
