#include "persistence/reconnecting_session.hpp"

#include "persistence/database.hpp"

namespace orch::persistence {

session_factory connect_to(connection_target target) {
  return [target = std::move(target)] { return open_session(target); };
}

reconnecting_session::reconnecting_session(session_factory open)
    : open_(std::move(open)) {}

soci::session &reconnecting_session::get() {
  if (!session_)
    session_ = open_();
  return *session_;
}

void reconnecting_session::reset() {
  session_.reset();
}

} // namespace orch::persistence
