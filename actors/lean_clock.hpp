#pragma once

#include <caf/actor_system_config.hpp>
#include <caf/detail/thread_safe_actor_clock.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace orch {

// CAF 0.17's clock, woken less. CAF's own clock thread is woken for every
// timeout set and every cancel (a mutex, a condition variable and a futex
// wake-up through the hypervisor), and every actor that ends cancels its
// timeouts, whether or not it ever set one. Two things make this one cheap
// (docs/DECISIONS.md):
// - it remembers the actors that set an ordinary, request or multi timeout
//   and passes only their cancels on (job actors set none: their timers are
//   delayed messages, which the cancel does not touch);
// - new events wait in an inbox and the clock thread takes them in batches:
//   it is woken only for an event due before it would wake anyway, and a
//   busy clock wakes every `batch_interval` to take the rest. A request
//   timeout a minute away, the common case, wakes nobody; a delayed message
//   or timeout is never late for it.
// It derives from CAF's thread-safe clock only because CAF's coordinator
// answers `clock()` with one; it overrides every entry point and runs its
// own loop (`run_loop`), so the base's ring buffer stays unused.
class lean_clock final : public caf::detail::thread_safe_actor_clock {
public:
  using super = caf::detail::thread_safe_actor_clock;

  // How long an event not yet due may wait in the inbox while the clock is
  // busy: an ended actor's cancelled timeouts are freed at most this late.
  static constexpr std::chrono::milliseconds batch_interval{10};

  void set_ordinary_timeout(time_point t, caf::abstract_actor *self,
                            caf::atom_value type, uint64_t id) override;
  void set_request_timeout(time_point t, caf::abstract_actor *self,
                           caf::message_id id) override;
  void set_multi_timeout(time_point t, caf::abstract_actor *self,
                         caf::atom_value type, uint64_t id) override;
  void cancel_ordinary_timeout(caf::abstract_actor *self,
                               caf::atom_value type) override;
  void cancel_request_timeout(caf::abstract_actor *self,
                              caf::message_id id) override;
  void cancel_timeouts(caf::abstract_actor *self) override;
  void schedule_message(time_point t, caf::strong_actor_ptr receiver,
                        caf::mailbox_element_ptr content) override;
  void schedule_message(time_point t, caf::group target,
                        caf::strong_actor_ptr sender,
                        caf::message content) override;
  void cancel_all() override;

  // The clock thread's loop, until stop_loop.
  void run_loop();
  void stop_loop();

  // How many ended actors' cancels reached the clock thread.
  std::size_t cancels_passed_on() const { return passed_on_.load(); }
  // How many times the clock thread was woken before its own deadline.
  std::size_t early_wake_ups() const { return woken_.load(); }

private:
  // Queues `event` for the clock thread and wakes it if `needed_by` is
  // before the time it sleeps until. Called with `mutex_` held.
  void push(event *ptr, time_point needed_by);
  void push_timeout(caf::abstract_actor *self, event *timeout, time_point due);
  // Moves one event of the inbox into the schedule; false on shutdown.
  bool take(unique_event_ptr &event);
  template <class Event> void schedule(unique_event_ptr &event);
  void sleep(std::unique_lock<std::mutex> &lock, bool busy);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<unique_event_ptr> inbox_;
  // The earliest time an event in the inbox is needed by.
  time_point inbox_needed_by_ = time_point::max();
  // The time the clock thread sleeps until; the earliest time while awake
  // (it takes the inbox again before it sleeps).
  time_point sleeps_until_ = time_point::min();
  // Actors that set a timeout and have not ended.
  std::unordered_set<caf::abstract_actor *> timed_;
  std::atomic<std::size_t> passed_on_{0};
  std::atomic<std::size_t> woken_{0};
};

// Makes the actor system built from `config` schedule with CAF's
// work-stealing coordinator, made fair (fair_work_stealing.hpp), on a
// lean_clock (reached through `system.clock()`).
void use_lean_coordinator(caf::actor_system_config &config);

} // namespace orch
