#pragma once

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/expected.hpp>

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
template <class Reply, class Handle, class... Ts>
void ask_once_body(caf::event_based_actor *self, Handle dest,
                   std::chrono::milliseconds timeout,
                   reply_callback<Reply> done, Ts... xs) {
  self->request(dest, timeout, std::move(xs)...)
      .then([done](Reply &answer) { done(std::move(answer)); },
            [done](caf::error &error) { done(std::move(error)); });
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
