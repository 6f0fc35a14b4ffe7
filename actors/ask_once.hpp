#pragma once

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>
#include <caf/sec.hpp>
#include <caf/system_messages.hpp>

#include <chrono>
#include <functional>
#include <utility>

namespace orch {

// Called once with an actor's answer or the error (time-out included).
template <class Reply>
using reply_callback = std::function<void(caf::expected<Reply>)>;

namespace detail {

// The body of a short-lived actor: one request, one callback, then it ends.
// The values are spawn arguments rather than lambda captures because CAF
// 0.17 binds an argument-less spawn through a null pointer (UBSan).
//
// It monitors `dest` and ends at once, with the reason as the error, when
// `dest` goes down first: CAF 0.17 never answers a promise its actor dropped
// when it ended, and a helper left waiting for its time-out would hold up the
// actor system's shutdown. The monitor is removed again after an answer, so
// a long-lived `dest` does not collect them.
template <class Reply, class Handle, class... Ts>
void ask_once_body(caf::event_based_actor *self, Handle dest,
                   std::chrono::milliseconds timeout,
                   reply_callback<Reply> done, Ts... xs) {
  self->monitor(dest);
  self->set_down_handler([self, done](caf::down_msg &down) {
    done(down.reason ? std::move(down.reason)
                     : caf::make_error(caf::sec::request_receiver_down));
    self->quit();
  });
  auto finish = [self, address = dest.address()] {
    self->demonitor(address);
    self->quit();
  };
  self->request(dest, timeout, std::move(xs)...)
      .then(
          [done, finish](Reply &answer) {
            done(std::move(answer));
            finish();
          },
          [done, finish](caf::error &error) {
            done(std::move(error));
            finish();
          });
}

} // namespace detail

// Sends `xs...` to `dest` as a request from a short-lived actor and calls
// `done` with the answer on a CAF thread. For code outside actors (HTTP
// handlers, provisioning steps) that must never wait for an actor.
template <class Reply, class Handle, class... Ts>
void ask_once(caf::actor_system &system, const Handle &dest,
              std::chrono::milliseconds timeout, reply_callback<Reply> done,
              Ts &&...xs) {
  system.spawn(detail::ask_once_body<Reply, Handle, std::decay_t<Ts>...>, dest,
               timeout, std::move(done), std::forward<Ts>(xs)...);
}

} // namespace orch
