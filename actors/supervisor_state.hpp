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
#include <functional>
#include <map>
#include <unordered_map>

namespace orch {

struct job_entry {
  job_actor handle;
  // As last reported by the job, or running from the moment the supervisor
  // hands it workers (the job does not report its start).
  job_state status = job_state::pending;
  std::int32_t attempt = 1;
  std::int32_t priority = 0;
  std::int32_t required_workers = 1;
  // Where the tenant's account counts the job: pending, running (from the
  // moment the supervisor hands it workers, before the job reports it) or,
  // once terminal, nowhere.
  job_state counted_as = job_state::pending;
  tenant_account *account = nullptr; // the tenant's, in the ledger

  const std::string &tenant_id() const { return account->tenant_id; }
};

// (tenant id, Idempotency-Key): keys are scoped per tenant.
using tenant_key = std::pair<std::string, std::string>;

// A submit's idempotency key: its fingerprint, its job and, until the job's
// first snapshot committed, the submits with the same key waiting for it.
struct job_key_entry {
  std::string fingerprint;
  std::string job_id;
  std::int64_t created_at_ms = 0;
  bool committed = false;
  std::vector<caf::typed_response_promise<job_submission>> waiting;
};

// An allocate's idempotency key: its fingerprint and what it granted.
struct allocation_key_entry {
  std::string fingerprint;
  allocation_info granted;
  std::int64_t created_at_ms = 0;
};

// Idempotency keys of one kind, and the order they were made in (creation
// time, key), so that keys past their lifetime leave memory as new keyed
// requests arrive instead of staying for the life of the process.
template <class Entry> struct idempotency_keys {
  std::map<tenant_key, Entry> entries;
  std::deque<std::pair<std::int64_t, tenant_key>> order;
};

// What store_then_admit reports: no error once the job is stored and
// admitted (and then `job` is its first snapshot).
using stored_callback = std::function<void(const caf::error &, job_info &)>;

// A submitted job whose first snapshot is with the writer: admitted once
// stored, refused when the writer refuses it or stops.
struct unstored_job {
  job_info info;
  stored_callback done;
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
  idempotency_keys<job_key_entry> job_keys;
  idempotency_keys<allocation_key_entry> allocation_keys;
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
  // Readers waiting for a live job to end, by job id, then by wait id.
  std::unordered_map<std::string,
                     std::map<std::uint64_t, caf::typed_response_promise<bool>>>
      job_waiters;
  std::uint64_t next_waiter = 1;
  // Finished jobs still in memory, in the order they finished, with the end
  // of their retention; one timer at a time retires the due ones.
  std::deque<std::pair<caf::actor_clock::time_point, std::string>> retained;
  bool retire_timer_set = false;
  // Jobs whose snapshot the writer has not answered yet, by request number.
  // The requests are untimed (CAF 0.17 keeps a timed request's clock entry
  // for its whole timeout, answered or not); if the writer stops, these are
  // refused (writer_down).
  std::unordered_map<std::uint64_t, unstored_job> unstored;
  std::uint64_t next_store = 1;

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
// Checks a new job against its tenant's quota, numbers it and counts it as
// pending for its tenant.
caf::expected<job_info> open_job(supervisor_pointer self, job_spec spec);
// Acknowledged means committed: stores the opened job's first snapshot (with
// its idempotency claim, when there is one) and then admits it; without
// persistence it is admitted at once.
void store_then_admit(supervisor_pointer self, job_info info,
                      const idempotency_claim *claim, stored_callback done);
// The snapshot writer stopped: every job still waiting for it is refused.
void writer_down(supervisor_pointer self, const caf::error &reason);
void recover_jobs(supervisor_pointer self, std::vector<job_info> jobs);
caf::result<job_info> get_job(supervisor_pointer self,
                              const std::string &tenant_id,
                              const std::string &job_id);
caf::result<job_info> cancel_job(supervisor_pointer self,
                                 const std::string &tenant_id,
                                 const std::string &job_id);
void on_job_state(supervisor_pointer self, const std::string &job_id,
                  job_state to);
void on_requeue(supervisor_pointer self, const std::string &job_id);
// A finished job left memory: it no longer counts among live jobs.
void retire_job(supervisor_pointer self, const std::string &job_id);
// Ends the finished jobs whose retention is over.
void retire_due(supervisor_pointer self);
void schedule(supervisor_pointer self);

// supervisor_waits.cpp
caf::result<bool> await_job(supervisor_pointer self,
                            const std::string &tenant_id,
                            const std::string &job_id, std::int64_t wait_ms);
// A wait ran out: its reader hears false.
void on_job_wake(supervisor_pointer self, const std::string &job_id,
                 std::uint64_t waiter);
// The job became terminal: every reader waiting for it hears true.
void wake_job_waiters(supervisor_pointer self, const std::string &job_id);

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
caf::expected<allocation_info> allocate(supervisor_pointer self,
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

// supervisor_idempotency.cpp: one job or allocation per (tenant, key); the
// supervisor is where concurrent requests with one key meet, one at a time.
caf::result<job_submission> submit_keyed_job(supervisor_pointer self,
                                             job_spec spec,
                                             const idempotent_request &request);
caf::result<allocation_grant> allocate_keyed(supervisor_pointer self,
                                             const std::string &tenant_id,
                                             std::int32_t count,
                                             const idempotent_request &request);
// Keys stored before this start: their jobs were committed.
void recover_idempotency_claims(supervisor_pointer self,
                                std::vector<idempotency_claim> claims);

} // namespace orch
