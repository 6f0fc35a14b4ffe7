#pragma once

#include "persistence/database_url.hpp"

#include <soci/soci.h>

#include <functional>
#include <memory>

namespace orch::persistence {

// Opens a new session; throws soci::soci_error when it cannot.
using session_factory = std::function<std::unique_ptr<soci::session>()>;

// A factory that opens sessions on `target` with open_session().
session_factory connect_to(connection_target target);

// A session that is opened again after a failure. After PostgreSQL restarts,
// every statement on the old connection throws; opening anew through the
// factory (rather than soci::session::reconnect) also re-applies the
// per-connection SQLite pragmas, such as foreign_keys.
class reconnecting_session {
public:
  explicit reconnecting_session(session_factory open);

  // The session, opened now if there is none yet or the last one was reset.
  // Throws soci::soci_error when it cannot be opened.
  soci::session &get();

  // Drops the session after a failure, so the next get() opens a new one.
  void reset();

private:
  session_factory open_;
  std::unique_ptr<soci::session> session_;
};

} // namespace orch::persistence
