#pragma once

#include <caf/actor_system_config.hpp>

#include <cstddef>

namespace orch {

// Scheduler threads for `requested` (0: one per core) on a machine with
// `cores` cores. CAF 0.17 would start max(cores, 4): on 2 cores the two
// extra threads steal work from each other and sleep on futexes, and CAF's
// own request/response rate drops by a fifth (docs/DECISIONS.md). Never
// fewer than 2: one thread held by a long message must not stall the rest.
std::size_t scheduler_threads_for(int requested, unsigned cores);

// Sets `scheduler.max-threads` for scheduler_threads_for(requested, this
// machine's cores).
void set_scheduler_threads(caf::actor_system_config &config, int requested);

} // namespace orch
