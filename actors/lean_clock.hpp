#pragma once

#include <caf/actor_system_config.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>

#include <atomic>
#include <cstddef>
#include <mutex>
#include <unordered_set>

namespace orch {

// CAF 0.17's clock thread, told about fewer actors. Every actor that ends
// cancels its timeouts through the clock (`local_actor::cleanup`): a message
// to the clock thread behind a mutex, a condition variable and a futex
// wake-up, whether or not the actor ever set a timeout. A job actor never
// sets one (its timers are delayed messages, which the cancel does not
// touch): without those posts the in-process job rate on a 2-core machine
// went from 43,600 to 80,900 jobs/s (docs/DECISIONS.md). This clock
// remembers the actors that set an ordinary, request or multi timeout and
// passes only their cancels on.
class lean_clock final : public caf::detail::thread_safe_actor_clock {
public:
  using super = caf::detail::thread_safe_actor_clock;

  void set_ordinary_timeout(time_point t, caf::abstract_actor *self,
                            caf::atom_value type, uint64_t id) override;
  void set_request_timeout(time_point t, caf::abstract_actor *self,
                           caf::message_id id) override;
  void set_multi_timeout(time_point t, caf::abstract_actor *self,
                         caf::atom_value type, uint64_t id) override;
  void cancel_timeouts(caf::abstract_actor *self) override;

  // How many ended actors' cancels reached the clock thread.
  std::size_t cancels_passed_on() const { return passed_on_.load(); }

private:
  void remember(caf::abstract_actor *self);
  bool forget(caf::abstract_actor *self);

  std::mutex mutex_;
  // Actors that set a timeout and have not ended.
  std::unordered_set<caf::abstract_actor *> timed_;
  std::atomic<std::size_t> passed_on_{0};
};

// Makes the actor system built from `config` schedule with CAF's
// work-stealing coordinator on a lean_clock (reached through
// `system.clock()`).
void use_lean_clock(caf::actor_system_config &config);

} // namespace orch
