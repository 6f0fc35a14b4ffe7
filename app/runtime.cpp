#include "app/runtime.hpp"

#include "actors/namespace_step.hpp"
#include "actors/quota_step.hpp"
#include "app/webhook_step.hpp"
#include "persistence/job_reader_actor.hpp"
#include "persistence/snapshot_writer_actor.hpp"
#include "persistence/sql_batch_committer.hpp"

#include <caf/all.hpp>

#include <iostream>
#include <random>

namespace orch::app {

namespace {

std::uint64_t random_seed() {
  return (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
         std::random_device{}();
}

// Sends `target` an exit; `self` will be told when it is gone.
template <class Handle>
caf::actor_addr send_stop(caf::scoped_actor &self, const Handle &target) {
  self->monitor(target);
  caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
  return target.address();
}

// Waits up to `grace` for the down message of `target`; a late one of an
// actor waited for before is skipped.
void await_down(caf::scoped_actor &self, const caf::actor_addr &target,
                std::chrono::milliseconds grace) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + grace;
  bool gone = false;
  while (!gone && clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - clock::now());
    self->receive(
        [&](const caf::down_msg &down) { gone = down.source == target; },
        caf::after(left) >> [] {});
  }
}

// The provisioning steps, in order: the webhook only when configured.
provisioning_steps steps_for(caf::actor_system &system,
                             const config::options &options,
                             const supervisor_actor &supervisor) {
  provisioning_steps steps{std::make_shared<quota_step>(system, supervisor),
                           std::make_shared<namespace_step>(system)};
  if (!options.provisioning_webhook.empty())
    steps.push_back(
        std::make_shared<webhook_step>(system, options.provisioning_webhook));
  return steps;
}

tenant_registry start_registry(caf::actor_system &system,
                               const config::options &options,
                               const runtime &started,
                               runtime_settings_ptr settings,
                               persistence::recovered_state &recovered) {
  tenant_registry_options registry;
  registry.settings = std::move(settings);
  registry.writer = started.snapshots;
  registry.supervisor = started.supervisor;
  registry.steps = steps_for(system, options, started.supervisor);
  registry.users = std::move(recovered.users);
  registry.tenants = std::move(recovered.tenants);
  registry.workflows = std::move(recovered.workflows);
  return spawn_tenant_registry(system, std::move(registry));
}

} // namespace

runtime start_runtime(caf::actor_system &system, const config::options &options,
                      const persistence::connection_target &target,
                      persistence::recovered_state recovered) {
  auto settings = std::make_shared<runtime_settings>();
  settings->seed = random_seed();
  settings->retained_jobs_max = static_cast<std::size_t>(options.retained_jobs);
  runtime result;
  if (options.enable_command_tasks) {
    result.commands = std::make_shared<command_runner>();
    settings->commands = result.commands;
  }
  persistence::snapshot_writer_options commits;
  commits.max_batch = static_cast<std::size_t>(options.commit_max_batch);
  commits.max_delay = std::chrono::milliseconds(options.commit_delay_ms);
  result.snapshots = persistence::spawn_snapshot_writer(
      system,
      std::make_shared<persistence::sql_batch_committer>(
          persistence::connect_to(target)),
      commits);
  settings->snapshots = result.snapshots;
  result.reader =
      persistence::spawn_job_reader(system, persistence::connect_to(target));
  supervisor_options supervision;
  supervision.settings = settings;
  supervision.local_workers = options.workers;
  supervision.recovered_jobs = std::move(recovered.unfinished_jobs);
  supervision.next_seq = recovered.next_seq;
  supervision.tenant_quotas_by_id = std::move(recovered.quotas_by_tenant);
  supervision.active_allocations = std::move(recovered.active_allocations);
  supervision.idempotency_claims = std::move(recovered.idempotency_claims);
  result.supervisor = spawn_supervisor(system, std::move(supervision));
  result.registry =
      start_registry(system, options, result, std::move(settings), recovered);
  return result;
}

void runtime::stop(caf::actor_system &system, std::chrono::milliseconds grace) {
  caf::scoped_actor self{system};
  await_down(self, send_stop(self, registry), grace);
  auto supervisor_addr = send_stop(self, supervisor);
  if (commands)
    commands->shutdown();
  await_down(self, supervisor_addr, grace);
  self->request(snapshots, grace, persistence::drain_atom::value)
      .receive([](caf::ok_atom) {},
               [grace](caf::error &) {
                 std::cerr << "orchestrator: the last snapshots were not "
                              "committed within "
                           << grace.count() << " ms\n";
               });
  await_down(self, send_stop(self, snapshots), grace);
  caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
}

} // namespace orch::app
