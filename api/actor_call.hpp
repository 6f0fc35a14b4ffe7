#pragma once

#include "api/error_problem.hpp"
#include "api/responder.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include <chrono>
#include <utility>

namespace orch::api {

// The bridge from a request handler to the actors: a one-shot actor sends
// one request and answers the HTTP request from the reply, on the CAF side,
// so no Pistache thread waits. `on_reply(R&)` turns the reply into the
// response; an error or a missed deadline becomes its problem (see
// problem_from_error).
template <class R, class Handle, class OnReply, class... Ts>
void call(caf::actor_system &system, const Handle &target,
          std::chrono::milliseconds deadline, responder reply, OnReply on_reply,
          Ts... message) {
  system.spawn([=](caf::event_based_actor *self) {
    self->request(target, deadline, message...)
        .then(
            [=](R &result) { reply.send(on_reply(result)); },
            [=](caf::error &error) { reply.send(problem_from_error(error)); });
  });
}

} // namespace orch::api
