#pragma once

#include "api/error_problem.hpp"
#include "api/responder.hpp"

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include <chrono>
#include <utility>

namespace orch::api {

// Spawns a function-based actor running `body(self)`. The body travels as
// the actor's one spawn argument: CAF 0.17 binds a reference through a null
// pointer to the argument tuple of a function-based actor spawned without
// arguments (undefined behaviour, see cmake/ci/asan-ubsan.cmake).
template <class Body>
void spawn_one_shot(caf::actor_system &system, Body body) {
  system.spawn([](caf::event_based_actor *self, Body run) { run(self); },
               std::move(body));
}

// The bridge from a request handler to the actors: a one-shot actor sends
// one request and answers the HTTP request from the reply, on the CAF side,
// so no Pistache thread waits. `on_reply(R&)` turns the reply into the
// response; an error or a missed deadline becomes its problem (see
// problem_from_error).
template <class R, class Handle, class OnReply, class... Ts>
void call(caf::actor_system &system, const Handle &target,
          std::chrono::milliseconds deadline, responder reply, OnReply on_reply,
          Ts... message) {
  spawn_one_shot(system, [=](caf::event_based_actor *self) {
    self->request(target, deadline, message...)
        .then(
            [=](R &result) { reply.send(on_reply(result)); },
            [=](caf::error &error) { reply.send(problem_from_error(error)); });
  });
}

} // namespace orch::api
