#include "actors/supervisor_state.hpp"

#include <algorithm>

namespace orch {

namespace {

// The longest one wait lasts, whatever the reader asked for.
constexpr std::int64_t max_wait_ms = 60000;

} // namespace

// A job that is not live (unknown, another tenant's, or terminal and retired)
// has nothing to wait for: true, and the reader looks it up as usual.
caf::result<bool> await_job(supervisor_pointer self,
                            const std::string &tenant_id,
                            const std::string &job_id, std::int64_t wait_ms) {
  auto &s = self->state;
  auto found = s.jobs.find(job_id);
  if (found == s.jobs.end() || found->second.tenant_id() != tenant_id ||
      is_terminal(found->second.status))
    return true;
  if (wait_ms <= 0)
    return false;
  auto id = s.next_waiter++;
  auto promise = self->make_response_promise<bool>();
  s.job_waiters[job_id].emplace(id, promise);
  self->delayed_send(self,
                     std::chrono::milliseconds(std::min(wait_ms, max_wait_ms)),
                     job_wake_atom::value, job_id, id);
  return promise;
}

void on_job_wake(supervisor_pointer self, const std::string &job_id,
                 std::uint64_t waiter) {
  auto &all = self->state.job_waiters;
  auto waiters = all.find(job_id);
  if (waiters == all.end())
    return;
  auto found = waiters->second.find(waiter);
  if (found == waiters->second.end())
    return;
  found->second.deliver(false);
  waiters->second.erase(found);
  if (waiters->second.empty())
    all.erase(waiters);
}

void wake_job_waiters(supervisor_pointer self, const std::string &job_id) {
  auto &all = self->state.job_waiters;
  auto waiters = all.find(job_id);
  if (waiters == all.end())
    return;
  for (auto &waiter : waiters->second)
    waiter.second.deliver(true);
  all.erase(waiters);
}

} // namespace orch
