#pragma once

#include "actors/supervisor_actor.hpp"
#include "actors/tenant_registry.hpp"
#include "config/options.hpp"
#include "persistence/database_url.hpp"
#include "persistence/job_reader.hpp"
#include "persistence/recovery.hpp"
#include "persistence/snapshot_writer_actor.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <memory>

namespace orch::app {

// The actor runtime of one server process: the supervisor with its local
// workers, the tenant registry with its provisioning workflows, the snapshot
// writer and the job reader (each with its own database session), and the
// command runner when command tasks are enabled.
struct runtime {
  supervisor_actor supervisor;
  tenant_registry registry;
  std::shared_ptr<command_runner> commands;
  persistence::owned_snapshot_writer snapshots;
  job_reader reader;

  // Stops the tenant registry (its workflows end with it, to resume at the
  // next start), the supervisor (and kills running commands), then drains the
  // snapshot writer, so that the snapshots of the runtime's last moments are
  // committed, then stops it. Waits up to `grace` for each step.
  void stop(caf::actor_system &system, std::chrono::milliseconds grace);
};

// Starts the runtime on the database at `target`, resuming from `recovered`.
runtime start_runtime(caf::actor_system &system, const config::options &options,
                      const persistence::connection_target &target,
                      persistence::recovered_state recovered);

} // namespace orch::app
