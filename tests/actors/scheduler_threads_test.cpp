#include "actors/scheduler_threads.hpp"

#include <caf/actor_system.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include <gtest/gtest.h>

namespace orch {
namespace {

TEST(SchedulerThreadsTest, ZeroMeansHalfTheCoresButAtLeastOne) {
  // 0 gives half the cores (rounded down), and never fewer than 1 thread.
  EXPECT_EQ(scheduler_threads_for(0, 2), 1u);
  EXPECT_EQ(scheduler_threads_for(0, 3), 1u);
  EXPECT_EQ(scheduler_threads_for(0, 16), 8u);
  EXPECT_EQ(scheduler_threads_for(0, 1), 1u);
  EXPECT_EQ(scheduler_threads_for(0, 0), 1u);
}

TEST(SchedulerThreadsTest, AnExplicitCountBeatsTheCores) {
  // A requested count is used as given, above or below the core count.
  EXPECT_EQ(scheduler_threads_for(3, 2), 3u);
  EXPECT_EQ(scheduler_threads_for(4, 16), 4u);
  EXPECT_EQ(scheduler_threads_for(1, 16), 1u);
}

TEST(SchedulerThreadsTest, TheActorSystemStartsThatManyThreads) {
  // The setting reaches CAF: the system's scheduler runs the chosen count,
  // not CAF's default of max(cores, 4).
  caf::actor_system_config config;
  set_scheduler_threads(config, 3);
  caf::actor_system system{config};
  EXPECT_EQ(system.scheduler().num_workers(), 3u);
}

} // namespace
} // namespace orch
