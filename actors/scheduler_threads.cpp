#include "actors/scheduler_threads.hpp"

#include <algorithm>
#include <thread>

namespace orch {

std::size_t scheduler_threads_for(int requested, unsigned cores) {
  constexpr std::size_t fewest = 2;
  auto wanted = requested > 0 ? static_cast<std::size_t>(requested)
                              : static_cast<std::size_t>(cores);
  return std::max(wanted, fewest);
}

void set_scheduler_threads(caf::actor_system_config &config, int requested) {
  config.set(
      "scheduler.max-threads",
      scheduler_threads_for(requested, std::thread::hardware_concurrency()));
}

} // namespace orch
