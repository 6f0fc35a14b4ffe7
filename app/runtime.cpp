#include "app/runtime.hpp"

#include <caf/all.hpp>

#include <random>

namespace orch::app {

runtime start_runtime(caf::actor_system &system,
                      const config::options &options) {
  auto settings = std::make_shared<runtime_settings>();
  settings->seed = (static_cast<std::uint64_t>(std::random_device{}()) << 32) ^
                   std::random_device{}();
  runtime result;
  if (options.enable_command_tasks) {
    result.commands = std::make_shared<command_runner>();
    settings->commands = result.commands;
  }
  supervisor_options supervisor;
  supervisor.settings = std::move(settings);
  supervisor.local_workers = options.workers;
  result.supervisor = spawn_supervisor(system, std::move(supervisor));
  return result;
}

void runtime::stop() {
  caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
  if (commands)
    commands->shutdown();
}

} // namespace orch::app
