#include "actors/lean_clock.hpp"

#include "actors/fair_work_stealing.hpp"

#include <caf/actor_system.hpp>
#include <caf/detail/set_thread_name.hpp>
#include <caf/policy/work_stealing.hpp>
#include <caf/scheduler/coordinator.hpp>

#include <algorithm>
#include <thread>

namespace orch {

void lean_clock::set_ordinary_timeout(time_point t, caf::abstract_actor *self,
                                      caf::atom_value type, uint64_t id) {
  push_timeout(self, new ordinary_timeout(t, self->ctrl(), type, id), t);
}

void lean_clock::set_request_timeout(time_point t, caf::abstract_actor *self,
                                     caf::message_id id) {
  push_timeout(self, new request_timeout(t, self->ctrl(), id), t);
}

void lean_clock::set_multi_timeout(time_point t, caf::abstract_actor *self,
                                   caf::atom_value type, uint64_t id) {
  push_timeout(self, new multi_timeout(t, self->ctrl(), type, id), t);
}

void lean_clock::cancel_ordinary_timeout(caf::abstract_actor *self,
                                         caf::atom_value type) {
  auto by = now() + batch_interval;
  std::lock_guard<std::mutex> guard(mutex_);
  push(new ordinary_timeout_cancellation(self->id(), type), by);
}

void lean_clock::cancel_request_timeout(caf::abstract_actor *self,
                                        caf::message_id id) {
  auto by = now() + batch_interval;
  std::lock_guard<std::mutex> guard(mutex_);
  push(new request_timeout_cancellation(self->id(), id), by);
}

void lean_clock::cancel_timeouts(caf::abstract_actor *self) {
  auto by = now() + batch_interval;
  std::lock_guard<std::mutex> guard(mutex_);
  if (timed_.erase(self) == 0)
    return;
  ++passed_on_;
  push(new timeouts_cancellation(self->id()), by);
}

void lean_clock::schedule_message(time_point t, caf::strong_actor_ptr receiver,
                                  caf::mailbox_element_ptr content) {
  std::lock_guard<std::mutex> guard(mutex_);
  push(new actor_msg(t, std::move(receiver), std::move(content)), t);
}

void lean_clock::schedule_message(time_point t, caf::group target,
                                  caf::strong_actor_ptr sender,
                                  caf::message content) {
  std::lock_guard<std::mutex> guard(mutex_);
  push(new group_msg(t, std::move(target), std::move(sender),
                     std::move(content)),
       t);
}

void lean_clock::cancel_all() {
  std::lock_guard<std::mutex> guard(mutex_);
  push(new drop_all, time_point::min());
}

void lean_clock::stop_loop() {
  std::lock_guard<std::mutex> guard(mutex_);
  push(new shutdown, time_point::min());
}

void lean_clock::push_timeout(caf::abstract_actor *self, event *timeout,
                              time_point due) {
  std::lock_guard<std::mutex> guard(mutex_);
  timed_.insert(self);
  push(timeout, due);
}

void lean_clock::push(event *ptr, time_point needed_by) {
  inbox_.emplace_back(ptr);
  inbox_needed_by_ = std::min(inbox_needed_by_, needed_by);
  if (needed_by < sleeps_until_) {
    // Awake from here on, as far as pushers can tell: one wake-up is enough.
    sleeps_until_ = time_point::min();
    ++woken_;
    wake_.notify_one();
  }
}

void lean_clock::run_loop() {
  std::vector<unique_event_ptr> batch;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    batch.swap(inbox_);
    inbox_needed_by_ = time_point::max();
    sleeps_until_ = time_point::min();
    lock.unlock();
    auto running = std::all_of(batch.begin(), batch.end(),
                               [this](unique_event_ptr &x) { return take(x); });
    auto busy = !batch.empty();
    batch.clear();
    if (!running)
      return;
    trigger_expired_timeouts();
    lock.lock();
    sleep(lock, busy);
  }
}

// Sleeps until the first scheduled event is due or an inbox event is
// needed; while busy (it took events last round), at most batch_interval.
void lean_clock::sleep(std::unique_lock<std::mutex> &lock, bool busy) {
  auto until = inbox_needed_by_;
  if (!schedule_.empty())
    until = std::min(until, schedule_.begin()->first);
  if (busy)
    until = std::min(until, now() + batch_interval);
  if (until <= now())
    return;
  sleeps_until_ = until;
  if (until == time_point::max())
    wake_.wait(lock);
  else
    wake_.wait_until(lock, until);
}

template <class Event> void lean_clock::schedule(unique_event_ptr &event) {
  add_schedule_entry(std::unique_ptr<Event>{
      static_cast<Event *>(static_cast<delayed_event *>(event.release()))});
}

bool lean_clock::take(unique_event_ptr &x) {
  switch (x->subtype) {
  case ordinary_timeout_cancellation_type:
    handle(static_cast<ordinary_timeout_cancellation &>(*x));
    break;
  case request_timeout_cancellation_type:
    handle(static_cast<request_timeout_cancellation &>(*x));
    break;
  case timeouts_cancellation_type:
    handle(static_cast<timeouts_cancellation &>(*x));
    break;
  case drop_all_type:
  case shutdown_type:
    schedule_.clear();
    actor_lookup_.clear();
    return x->subtype != shutdown_type;
  case ordinary_timeout_type:
    schedule<ordinary_timeout>(x);
    break;
  case multi_timeout_type:
    schedule<multi_timeout>(x);
    break;
  case request_timeout_type:
    schedule<request_timeout>(x);
    break;
  case actor_msg_type:
    schedule<actor_msg>(x);
    break;
  case group_msg_type:
    schedule<group_msg>(x);
    break;
  default:
    break;
  }
  return true;
}

namespace {

// CAF's work-stealing coordinator, fair (fair_work_stealing.hpp) and with
// its clock replaced: `clock()` answers the lean clock, run on a thread of
// its own from start until after the scheduler threads stopped. (The
// coordinator's own clock thread still starts and sleeps: its clock is
// private.)
class lean_coordinator final
    : public caf::scheduler::coordinator<fair_work_stealing> {
public:
  using super = caf::scheduler::coordinator<fair_work_stealing>;

  explicit lean_coordinator(caf::actor_system &sys) : super(sys) {}

  lean_clock &clock() noexcept override { return clock_; }

protected:
  void start() override {
    timer_ = std::thread{[this] {
      caf::detail::set_thread_name("orch.clock");
      system().thread_started();
      clock_.run_loop();
      system().thread_terminates();
    }};
    super::start();
  }

  void stop() override {
    super::stop();
    clock_.stop_loop();
    timer_.join();
  }

private:
  lean_clock clock_;
  std::thread timer_;
};

} // namespace

void use_lean_coordinator(caf::actor_system_config &config) {
  config.module_factories.push_back(
      [](caf::actor_system &sys) -> caf::actor_system::module * {
        return new lean_coordinator(sys);
      });
}

} // namespace orch
