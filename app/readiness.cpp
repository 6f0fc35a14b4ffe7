#include "app/readiness.hpp"

#include <caf/all.hpp>

namespace orch::app {

namespace {

// A short-lived actor: asks the reader once, reports, and ends. The values
// are spawn arguments rather than lambda captures because CAF 0.17 binds an
// argument-less spawn through a null pointer (reported by UBSan).
void ask_reader(caf::event_based_actor *self, job_reader reader,
                std::chrono::milliseconds timeout,
                std::function<void(bool)> done) {
  self->request(reader, timeout, db_ping_atom::value)
      .then([done](caf::ok_atom) { done(true); },
            [done](caf::error &) { done(false); });
}

} // namespace

api::readiness_check database_readiness(caf::actor_system &system,
                                        job_reader reader,
                                        std::chrono::milliseconds timeout) {
  return [&system, reader, timeout](std::function<void(bool)> done) {
    system.spawn(ask_reader, reader, timeout, std::move(done));
  };
}

} // namespace orch::app
