#include "actors/supervisor_actor.hpp"

#include "actors/errors.hpp"
#include "actors/supervisor_state.hpp"

namespace orch {

// Job actors go with their supervisor, or a finished one would live on until
// its retention timer fires and hold up the actor system's shutdown. The
// supervisor ends them rather than each job monitoring it: CAF 0.17 keeps an
// actor's monitors in a list that removing one walks, so a monitor per job
// would cost every job's end a walk over all live jobs (see DECISIONS.md).
supervisor_data::~supervisor_data() {
  for (auto &[id, entry] : jobs)
    if (entry.handle)
      caf::anon_send_exit(entry.handle, caf::exit_reason::user_shutdown);
}

namespace {

// Pause, resume and terminate go to the worker itself, which owns its state
// machine; its state report then updates the pool.
template <class Atom>
caf::result<worker_info> forward_to_worker(supervisor_pointer self,
                                           const std::string &id, Atom atom) {
  auto *worker = find_worker(self, id);
  if (worker == nullptr)
    return make_error(orch_errc::not_found, "no worker " + id);
  return self->delegate(*worker, atom);
}

caf::result<tenant_usage> set_quotas(supervisor_pointer self,
                                     const std::string &tenant_id,
                                     tenant_quotas quotas) {
  if (quotas.max_running_jobs < 0 || quotas.max_pending_jobs < 0)
    return make_error(orch_errc::invalid_argument,
                      "quotas must not be negative");
  self->state.ledger.set_quotas(tenant_id, quotas);
  schedule(self);
  return usage_of(self, tenant_id);
}

void initialize(supervisor_pointer self, supervisor_options &options) {
  auto &s = self->state;
  s.settings = std::move(options.settings);
  s.ledger = tenant_ledger{s.settings->default_quotas};
  s.ids = id_generator{s.settings->seed};
  if (s.settings->snapshots)
    self->monitor(s.settings->snapshots);
  // The writer outlives the supervisor at shutdown: its end is a failure.
  self->set_down_handler([=](caf::down_msg &down) {
    const auto &writer = self->state.settings->snapshots;
    if (writer && down.source == writer.address())
      writer_down(self, down.reason);
    else
      on_worker_down(self, down);
  });
  s.next_seq = options.next_seq;
  for (auto &[tenant, quotas] : options.tenant_quotas_by_id)
    s.ledger.set_quotas(tenant, quotas);
  for (std::int32_t i = 1; i <= options.local_workers; ++i)
    spawn_local_worker(self, "w-" + std::to_string(i));
  recover_allocations(self, std::move(options.active_allocations));
  recover_jobs(self, std::move(options.recovered_jobs));
  recover_idempotency_claims(self, std::move(options.idempotency_claims));
  schedule(self);
}

// CAF tries the handlers in this order: the ones every job needs go first.
supervisor_actor::behavior_type
supervisor_behavior(supervisor_pointer self, supervisor_options options) {
  initialize(self, options);
  return {
      [=](job_state_atom, const std::string &job_id, const std::string &,
          job_state, job_state to) { on_job_state(self, job_id, to); },
      [=](worker_state_atom, const worker_info &info) {
        on_worker_state(self, info);
      },
      [=](submit_atom, job_spec &spec) {
        return submit_job(self, std::move(spec));
      },
      [=](submit_atom, job_spec &spec, const idempotent_request &request) {
        return submit_keyed_job(self, std::move(spec), request);
      },
      [=](usage_atom, const std::string &tenant) {
        return usage_of(self, tenant);
      },
      [=](requeue_atom, const std::string &job_id) {
        on_requeue(self, job_id);
      },
      [=](retire_atom) { retire_due(self); },
      [=](caf::get_atom, const std::string &tenant, const std::string &job) {
        return get_job(self, tenant, job);
      },
      [=](cancel_atom, const std::string &tenant, const std::string &job) {
        return cancel_job(self, tenant, job);
      },
      [=](await_atom, const std::string &tenant, const std::string &job,
          std::int64_t wait_ms) {
        return await_job(self, tenant, job, wait_ms);
      },
      [=](job_wake_atom, const std::string &job, std::uint64_t waiter) {
        on_job_wake(self, job, waiter);
      },
      [=](workers_atom) { return self->state.pool.list(); },
      [=](workers_atom, const std::string &id) { return get_worker(self, id); },
      [=](pause_atom, const std::string &id) {
        return forward_to_worker(self, id, pause_atom::value);
      },
      [=](resume_atom, const std::string &id) {
        return forward_to_worker(self, id, resume_atom::value);
      },
      [=](terminate_atom, const std::string &id) {
        return forward_to_worker(self, id, terminate_atom::value);
      },
      [=](metrics_atom) { return metrics_of(self); },
      [=](quotas_atom, const std::string &tenant, tenant_quotas quotas) {
        return set_quotas(self, tenant, quotas);
      },
      [=](allocate_atom, const std::string &tenant,
          std::int32_t count) -> caf::result<allocation_info> {
        auto granted = allocate(self, tenant, count);
        if (!granted)
          return granted.error();
        return std::move(*granted);
      },
      [=](allocate_atom, const std::string &tenant, std::int32_t count,
          const idempotent_request &request) {
        return allocate_keyed(self, tenant, count, request);
      },
      [=](release_atom, const std::string &tenant, const std::string &id) {
        return release(self, tenant, id);
      },
  };
}

} // namespace

supervisor_actor spawn_supervisor(caf::actor_system &system,
                                  supervisor_options options) {
  return system.spawn(supervisor_behavior, std::move(options));
}

} // namespace orch
