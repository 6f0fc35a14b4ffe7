#include "actors/lean_clock.hpp"

#include "actors/scheduler_threads.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <future>
#include <memory>

namespace orch {
namespace {

using namespace std::chrono_literals;

struct lean_config : caf::actor_system_config {
  lean_config() {
    set_scheduler_threads(*this, 2);
    use_lean_coordinator(*this);
  }
};

// Never answers: its requesters can only time out.
caf::behavior silent(caf::event_based_actor *self) {
  return {[=](int) { return self->make_response_promise(); }};
}

// Runs a body, then quits; its destructor runs once CAF's cleanup, which
// cancels the actor's timeouts, is done.
class probe : public caf::event_based_actor {
public:
  using body_type = std::function<void(caf::event_based_actor *)>;

  probe(caf::actor_config &cfg, body_type body,
        std::shared_ptr<std::promise<void>> gone)
      : caf::event_based_actor(cfg), body_(std::move(body)),
        gone_(std::move(gone)) {}
  ~probe() override { gone_->set_value(); }

  caf::behavior make_behavior() override {
    body_(this);
    quit();
    return {};
  }

private:
  body_type body_;
  std::shared_ptr<std::promise<void>> gone_;
};

struct LeanClockTest : ::testing::Test {
  lean_clock &clock() { return dynamic_cast<lean_clock &>(system.clock()); }

  // Runs `body` in a probe and waits until the probe is destroyed.
  void run_to_end(probe::body_type body = [](caf::event_based_actor *) {}) {
    auto gone = std::make_shared<std::promise<void>>();
    auto destroyed = gone->get_future();
    system.spawn<probe>(std::move(body), gone);
    ASSERT_EQ(destroyed.wait_for(20s), std::future_status::ready);
  }

  lean_config config;
  caf::actor_system system{config};
  caf::scoped_actor self{system};
};

// The system runs on the lean clock with the scheduler threads asked for.
TEST_F(LeanClockTest, TheSystemRunsOnTheLeanClock) {
  EXPECT_NE(dynamic_cast<lean_clock *>(&system.clock()), nullptr);
  EXPECT_EQ(system.scheduler().num_workers(), 2u);
}

// Actors that never set a timeout end without posting to the clock thread.
TEST_F(LeanClockTest, ActorsWithoutTimeoutsEndWithoutACancel) {
  for (int i = 0; i < 100; ++i)
    run_to_end();
  EXPECT_EQ(clock().cancels_passed_on(), 0u);
}

// An actor that set a request timeout has its timeouts cancelled when it
// ends, once.
TEST_F(LeanClockTest, AnActorThatSetATimeoutIsCancelledWhenItEnds) {
  auto mute = system.spawn(silent);
  run_to_end([=](caf::event_based_actor *a) {
    a->request(mute, 3600s, 1).then([](int) {});
  });
  EXPECT_EQ(clock().cancels_passed_on(), 1u);
  caf::anon_send_exit(mute, caf::exit_reason::user_shutdown);
}

// A thousand request timeouts an hour away wake the clock thread once (and
// the requester's end at most once more), not once each.
TEST_F(LeanClockTest, FarTimeoutsWakeTheClockThreadOnce) {
  auto mute = system.spawn(silent);
  run_to_end([=](caf::event_based_actor *a) {
    for (int i = 0; i < 1000; ++i)
      a->request(mute, 3600s, i).then([](int) {});
  });
  EXPECT_LE(clock().early_wake_ups(), 2u);
  EXPECT_EQ(clock().cancels_passed_on(), 1u);
  caf::anon_send_exit(mute, caf::exit_reason::user_shutdown);
}

// Request timeouts still fire on the lean clock.
TEST_F(LeanClockTest, ARequestTimeoutStillFires) {
  auto mute = system.spawn(silent);
  auto outcome = std::make_shared<std::promise<caf::sec>>();
  auto result = outcome->get_future();
  system.spawn([=](caf::event_based_actor *a) {
    a->request(mute, 10ms, 1)
        .then([=](int) { outcome->set_value(caf::sec::none); },
              [=](caf::error &e) {
                outcome->set_value(static_cast<caf::sec>(e.code()));
              });
  });
  ASSERT_EQ(result.wait_for(20s), std::future_status::ready);
  EXPECT_EQ(result.get(), caf::sec::request_timeout);
  caf::anon_send_exit(mute, caf::exit_reason::user_shutdown);
}

// Delayed messages still arrive on the lean clock.
TEST_F(LeanClockTest, ADelayedMessageStillArrives) {
  self->delayed_send(self, 5ms, 42);
  int got = 0;
  self->receive([&](int x) { got = x; });
  EXPECT_EQ(got, 42);
}

} // namespace
} // namespace orch
