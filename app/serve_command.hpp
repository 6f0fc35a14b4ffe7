#pragma once

#include "config/options.hpp"

namespace orch::app {

// Runs the server until SIGINT or SIGTERM, then stops accepting, lets
// in-flight requests finish and returns the process exit status.
int serve(const config::options &options);

} // namespace orch::app
