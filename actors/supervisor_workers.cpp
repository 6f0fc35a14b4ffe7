#include "actors/errors.hpp"
#include "actors/supervisor_state.hpp"

namespace orch {

worker_actor *find_worker(supervisor_pointer self, const std::string &id) {
  auto it = self->state.workers.find(id);
  return it == self->state.workers.end() ? nullptr : &it->second;
}

void spawn_local_worker(supervisor_pointer self, const std::string &id) {
  auto &s = self->state;
  auto handle = spawn_worker(self->system(), {id, "local"}, self, s.settings);
  self->monitor(handle);
  s.workers[id] = handle;
  s.worker_by_address[handle.address()] = id;
  worker_info info;
  info.worker_id = id;
  info.last_heartbeat_ms = s.settings->now_ms();
  if (s.pool.find(id) == nullptr)
    s.pool.add(info);
  else
    s.pool.update(info);
}

// A hold on a worker ended: the tenant holds one worker less.
void release_hold(supervisor_pointer self, const worker_hold &hold) {
  --self->state.ledger.account(hold.tenant_id).workers_held;
}

void on_worker_state(supervisor_pointer self, const worker_info &info) {
  if (auto ended = self->state.pool.update(info))
    release_hold(self, *ended);
  if (const auto *pooled = self->state.pool.find(info.worker_id))
    persist(self, pooled->info);
  schedule(self);
}

// Tells the job whose part ran on a lost worker, so it retries or fails.
void report_lost_part(supervisor_pointer self, const worker_hold &hold,
                      const std::string &worker_id) {
  auto job = self->state.jobs.find(hold.job_id);
  if (job == self->state.jobs.end())
    return;
  part_report lost;
  lost.job_id = hold.job_id;
  lost.attempt = hold.attempt;
  lost.part_index = hold.part_index;
  lost.worker_id = worker_id;
  lost.outcome = part_outcome::lost;
  lost.error = "worker " + worker_id + " was lost";
  self->send(job->second.handle, part_done_atom::value, std::move(lost));
}

// A worker actor died (crash or lost node): it becomes failed, its job part
// is retried or failed by its job, and a local worker is restarted
// (failed -> idle).
void on_worker_down(supervisor_pointer self, const caf::down_msg &down) {
  auto &s = self->state;
  auto it = s.worker_by_address.find(down.source);
  if (it == s.worker_by_address.end())
    return;
  auto id = it->second;
  s.worker_by_address.erase(it);
  auto *pooled = s.pool.find(id);
  if (pooled == nullptr || pooled->info.status == worker_state::terminated)
    return;
  auto info = pooled->info;
  info.status = worker_state::failed;
  info.current_job_id.clear();
  if (auto ended = s.pool.update(info)) {
    release_hold(self, *ended);
    report_lost_part(self, *ended, id);
  }
  spawn_local_worker(self, id);
  schedule(self);
}

caf::result<worker_info> get_worker(supervisor_pointer self,
                                    const std::string &worker_id) {
  const auto *pooled = self->state.pool.find(worker_id);
  if (pooled == nullptr)
    return make_error(orch_errc::not_found, "no worker " + worker_id);
  return pooled->info;
}

} // namespace orch
