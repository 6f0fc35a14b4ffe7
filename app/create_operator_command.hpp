#pragma once

#include <istream>
#include <string>
#include <vector>

namespace orch::app {

// orchestrator create-operator --email EMAIL [serve's options]: reads the
// password from the first line of `in` and creates an operator account in
// the configured database. Returns the exit status: 0 done, 1 refused or
// failed, 2 a usage error.
int create_operator_command(std::vector<std::string> args, std::istream &in);

} // namespace orch::app
