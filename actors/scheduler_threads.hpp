#pragma once

#include <caf/actor_system_config.hpp>

#include <cstddef>

namespace orch {

// Scheduler threads for `requested` (0: half the cores, at least one) on a
// machine with `cores` cores. Every job passes through one supervisor, so
// more threads mostly move a job's actors between cores: on the 2-core
// reference machine one thread ran 1.45 times the jobs of two, and CAF's own
// request/response rate rose by a fifth (BENCHMARKS.md). Nothing blocks a
// scheduler thread (storage, commands, hashing and webhooks have threads of
// their own), and the other half of the cores serve HTTP, commits and
// hashing. CAF 0.17's own default is max(cores, 4) (docs/DECISIONS.md).
std::size_t scheduler_threads_for(int requested, unsigned cores);

// Sets `scheduler.max-threads` for scheduler_threads_for(requested, this
// machine's cores).
void set_scheduler_threads(caf::actor_system_config &config, int requested);

} // namespace orch
