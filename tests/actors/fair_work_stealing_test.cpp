#include "actors/fair_work_stealing.hpp"

#include "actors/lean_clock.hpp"
#include "actors/scheduler_threads.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

namespace orch {
namespace {

using namespace std::chrono_literals;

struct one_thread_config : caf::actor_system_config {
  one_thread_config() {
    set_scheduler_threads(*this, 1);
    use_lean_coordinator(*this);
  }
};

using stop_flag = std::shared_ptr<std::atomic<bool>>;
using signal = std::shared_ptr<std::promise<void>>;

constexpr int warm_bounces = 1000;

// Sends the number on to its peer, which sends it back, until stopped;
// signals `warm` once the pair has bounced a while.
caf::behavior bouncer(caf::event_based_actor *self, stop_flag stop,
                      signal warm) {
  return {[=](const caf::actor &peer, int n) {
    if (n == warm_bounces)
      warm->set_value();
    if (!stop->load())
      self->send(peer, caf::actor{self}, n + 1);
  }};
}

// Reports that it ran and stops the bouncers.
caf::behavior latecomer(caf::event_based_actor *, stop_flag stop, signal ran) {
  return {[=](int) {
    stop->store(true);
    ran->set_value();
  }};
}

TEST(FairWorkStealingTest, BouncingPairDoesNotStarveALaterActorOnOneThread) {
  // On one scheduler thread, an actor woken from outside while two actors
  // keep waking each other still runs: woken actors queue at the back.
  // (With CAF's own policy they go to the front and it never runs.)
  one_thread_config config;
  caf::actor_system system{config};
  ASSERT_EQ(system.scheduler().num_workers(), 1u);
  auto stop = std::make_shared<std::atomic<bool>>(false);
  auto ran = std::make_shared<std::promise<void>>();
  auto done = ran->get_future();
  auto warm = std::make_shared<std::promise<void>>();
  auto late = system.spawn(latecomer, stop, ran);
  auto a = system.spawn(bouncer, stop, warm);
  auto b = system.spawn(bouncer, stop, warm);
  caf::anon_send(a, b, 0);
  warm->get_future().wait();
  caf::anon_send(late, 1);
  auto status = done.wait_for(10s);
  // Stops the pair in any case, so a failure ends instead of hanging.
  stop->store(true);
  EXPECT_EQ(status, std::future_status::ready);
}

} // namespace
} // namespace orch
