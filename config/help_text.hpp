#pragma once

#include <string>

namespace orch::config {

// The text `orchestrator --help` prints: the usage of every subcommand and
// every option of option_table() with its environment twin and default.
std::string help_text();

} // namespace orch::config
