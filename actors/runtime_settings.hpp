#pragma once

#include "actors/command_runner.hpp"
#include "actors/snapshot_writer.hpp"
#include "actors/tenant_quotas.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace orch {

// Everything the actors take from outside: clock, randomness, timings and
// the command runner, injected so tests control them.
struct runtime_settings {
  // Wall-clock time for timestamps (milliseconds since the Unix epoch).
  std::function<std::int64_t()> now_ms = system_now_ms;
  // Seeds the jitter of retry backoff.
  std::uint64_t seed = 0x5eed;
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{30000};
  // How long a finished job actor stays in memory to answer lookups, and
  // how many finished jobs at most stay (beyond that the oldest leave first;
  // a database answers lookups of jobs no longer in memory).
  std::chrono::milliseconds retention{std::chrono::minutes(10)};
  std::size_t retained_jobs_max = 100000;
  tenant_quotas default_quotas;
  // Null: command tasks are disabled and fail without retry.
  std::shared_ptr<command_runner> commands;
  // Null: nothing is persisted (tests, benchmarks of the bare runtime).
  // Otherwise a submit is acknowledged only after its snapshot committed,
  // and every job transition, worker state and allocation is written.
  snapshot_writer snapshots;

  static std::int64_t system_now_ms();
};

using runtime_settings_ptr = std::shared_ptr<const runtime_settings>;

} // namespace orch
