#pragma once

#include <string>
#include <vector>

#include "config/config_error.hpp"
#include "config/environment.hpp"
#include "config/options.hpp"

namespace orch::config {

using load_result = result<options>;

// Builds the options from args (the arguments after the subcommand), the
// environment and the config file named by --config or ORCH_CONFIG: a flag
// beats the environment, which beats the file, which beats the default. Every
// value from every source is checked, the database URL is derived from the
// final data dir unless set, and the data dir is created.
load_result load_options(const std::vector<std::string> &args,
                         const environment &env);

} // namespace orch::config
