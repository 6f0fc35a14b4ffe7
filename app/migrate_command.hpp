#pragma once

#include "config/options.hpp"

namespace orch::app {

// Brings the database to this binary's schema and prints its version.
// Returns 0, or 1 after one line on stderr (database unreachable, newer than
// this binary, or a migration failed and was rolled back).
int migrate(const config::options &options);

} // namespace orch::app
