#pragma once

// Internal to the supervisor's .cpp files: its state and the handlers each
// file implements.

#include "actors/id_generator.hpp"
#include "actors/job_actor.hpp"
#include "actors/pending_queue.hpp"
#include "actors/supervisor_actor.hpp"
#include "actors/tenant_ledger.hpp"
#include "actors/worker_pool.hpp"

#include <caf/all.hpp>

#include <array>
#include <deque>
#include <map>
#include <unordered_map>

namespace orch {

struct job_entry {
  job_actor handle;
  std::string tenant_id;
  job_state status = job_state::pending; // as last reported by the job
  std::int32_t attempt = 1;
  std::int32_t priority = 0;
  std::int32_t required_workers = 1;
  // Where the tenant's account counts the job: pending, running (from the
  // moment the supervisor hands it workers, before the job reports it) or,
  // once terminal, nowhere.
  job_state counted_as = job_state::pending;
  tenant_account *account = nullptr; // the tenant's, in the ledger
};

struct supervisor_data {
  runtime_settings_ptr settings;
  worker_pool pool;
  std::unordered_map<std::string, worker_actor> workers;
  std::map<caf::actor_addr, std::string> worker_by_address;
  pending_queue queue;
  tenant_ledger ledger{tenant_quotas{}};
  std::unordered_map<std::string, job_entry> jobs;
  std::map<std::string, allocation_info> allocations;
  // Live jobs (not retired) by state, indexed by job_state.
  std::array<std::int64_t, all_job_states().size()> jobs_by_state{};
  std::deque<std::int64_t> recent_completions_ms;
  std::int64_t submitted = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  // Jobs that reached each terminal state, indexed by job_state.
  std::array<std::int64_t, all_job_states().size()> ended_by_state{};
  id_generator ids{0};
  std::int64_t next_seq = 1;

  std::int64_t &live_jobs(job_state s) {
    return jobs_by_state[static_cast<std::size_t>(s)];
  }

  supervisor_data() = default;
  supervisor_data(const supervisor_data &) = delete;
  supervisor_data &operator=(const supervisor_data &) = delete;
  // Runs when the supervisor ends, for any reason: its job actors end too.
  ~supervisor_data();

  static inline const char *name = "supervisor";
};

using supervisor_pointer = supervisor_actor::stateful_pointer<supervisor_data>;

// supervisor_jobs.cpp
caf::result<job_info> submit_job(supervisor_pointer self, job_spec spec);
void recover_jobs(supervisor_pointer self, std::vector<job_info> jobs);
caf::result<job_info> get_job(supervisor_pointer self,
                              const std::string &tenant_id,
                              const std::string &job_id);
caf::result<job_info> cancel_job(supervisor_pointer self,
                                 const std::string &tenant_id,
                                 const std::string &job_id);
void on_job_state(supervisor_pointer self, const std::string &job_id,
                  job_state from, job_state to);
void on_requeue(supervisor_pointer self, const std::string &job_id);
// A finished job left memory: it no longer counts among live jobs.
void retire_job(supervisor_pointer self, const std::string &job_id);
void schedule(supervisor_pointer self);

// supervisor_workers.cpp
void spawn_local_worker(supervisor_pointer self, const std::string &id);
void on_worker_state(supervisor_pointer self, const worker_info &info);
void on_worker_down(supervisor_pointer self, const caf::down_msg &down);
caf::result<worker_info> get_worker(supervisor_pointer self,
                                    const std::string &worker_id);
worker_actor *find_worker(supervisor_pointer self, const std::string &id);

// Sends a background snapshot when persistence is configured.
template <class T> void persist(supervisor_pointer self, const T &snapshot) {
  if (self->state.settings->snapshots)
    self->send(self->state.settings->snapshots, caf::put_atom::value, snapshot);
}

// supervisor_resources.cpp
caf::result<allocation_info> allocate(supervisor_pointer self,
                                      const std::string &tenant_id,
                                      std::int32_t count);
// Holds the workers of allocations active before a restart again.
void recover_allocations(supervisor_pointer self,
                         std::vector<allocation_info> allocations);
caf::result<allocation_info> release(supervisor_pointer self,
                                     const std::string &tenant_id,
                                     const std::string &allocation_id);
tenant_usage usage_of(supervisor_pointer self, const std::string &tenant_id);
supervisor_metrics metrics_of(supervisor_pointer self);

} // namespace orch
