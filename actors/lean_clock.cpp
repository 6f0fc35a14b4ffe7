#include "actors/lean_clock.hpp"

#include <caf/actor_system.hpp>
#include <caf/detail/set_thread_name.hpp>
#include <caf/policy/work_stealing.hpp>
#include <caf/scheduler/coordinator.hpp>

#include <thread>

namespace orch {

void lean_clock::set_ordinary_timeout(time_point t, caf::abstract_actor *self,
                                      caf::atom_value type, uint64_t id) {
  remember(self);
  super::set_ordinary_timeout(t, self, type, id);
}

void lean_clock::set_request_timeout(time_point t, caf::abstract_actor *self,
                                     caf::message_id id) {
  remember(self);
  super::set_request_timeout(t, self, id);
}

void lean_clock::set_multi_timeout(time_point t, caf::abstract_actor *self,
                                   caf::atom_value type, uint64_t id) {
  remember(self);
  super::set_multi_timeout(t, self, type, id);
}

void lean_clock::cancel_timeouts(caf::abstract_actor *self) {
  if (!forget(self))
    return;
  ++passed_on_;
  super::cancel_timeouts(self);
}

void lean_clock::remember(caf::abstract_actor *self) {
  std::lock_guard<std::mutex> guard(mutex_);
  timed_.insert(self);
}

bool lean_clock::forget(caf::abstract_actor *self) {
  std::lock_guard<std::mutex> guard(mutex_);
  return timed_.erase(self) > 0;
}

namespace {

// CAF's work-stealing coordinator with its clock replaced: `clock()` answers
// the lean clock, run on a thread of its own from start until after the
// scheduler threads stopped. (The coordinator's own clock thread still
// starts and sleeps: its clock is private.)
class lean_coordinator final
    : public caf::scheduler::coordinator<caf::policy::work_stealing> {
public:
  using super = caf::scheduler::coordinator<caf::policy::work_stealing>;

  explicit lean_coordinator(caf::actor_system &sys) : super(sys) {}

  lean_clock &clock() noexcept override { return clock_; }

protected:
  void start() override {
    timer_ = std::thread{[this] {
      caf::detail::set_thread_name("orch.clock");
      system().thread_started();
      clock_.run_dispatch_loop();
      system().thread_terminates();
    }};
    super::start();
  }

  void stop() override {
    super::stop();
    clock_.cancel_dispatch_loop();
    timer_.join();
  }

private:
  lean_clock clock_;
  std::thread timer_;
};

} // namespace

void use_lean_clock(caf::actor_system_config &config) {
  config.module_factories.push_back(
      [](caf::actor_system &sys) -> caf::actor_system::module * {
        return new lean_coordinator(sys);
      });
}

} // namespace orch
