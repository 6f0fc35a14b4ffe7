#pragma once

#include <map>
#include <string>

namespace orch::config {

// Environment variables by name. Passed in explicitly so that tests never
// read or change the real process environment.
using environment = std::map<std::string, std::string>;

// A copy of this process's environment.
environment from_process_environment();

} // namespace orch::config
