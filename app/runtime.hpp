#pragma once

#include "actors/supervisor_actor.hpp"
#include "config/options.hpp"

#include <caf/actor_system.hpp>

#include <memory>

namespace orch::app {

// The actor runtime of one server process: the supervisor with its local
// workers, and the command runner when command tasks are enabled.
struct runtime {
  supervisor_actor supervisor;
  std::shared_ptr<command_runner> commands;

  // Stops the supervisor and kills running commands.
  void stop();
};

runtime start_runtime(caf::actor_system &system,
                      const config::options &options);

} // namespace orch::app
