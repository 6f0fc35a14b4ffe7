#include "actors/scheduler_threads.hpp"

#include <algorithm>
#include <thread>

namespace orch {

std::size_t scheduler_threads_for(int requested, unsigned cores) {
  if (requested > 0)
    return static_cast<std::size_t>(requested);
  return std::max<std::size_t>(cores / 2, 1);
}

void set_scheduler_threads(caf::actor_system_config &config, int requested) {
  config.set(
      "scheduler.max-threads",
      scheduler_threads_for(requested, std::thread::hardware_concurrency()));
}

} // namespace orch
