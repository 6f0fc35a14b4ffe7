#pragma once

#include "persistence/database_url.hpp"

#include <soci/soci.h>

#include <memory>

namespace orch::persistence {

// Opens a SOCI session on the target's backend. Backends are linked in (not
// loaded at run time). SQLite gets WAL, synchronous=FULL and foreign keys,
// because acknowledged means committed. Throws soci::soci_error when the
// database cannot be opened.
std::unique_ptr<soci::session> open_session(const connection_target &target);

} // namespace orch::persistence
