// orchestrator: a multi-tenant job orchestration server. This file only
// dispatches the subcommand; each command lives in its own file.
#include "app/create_operator_command.hpp"
#include "app/migrate_command.hpp"
#include "app/serve_command.hpp"
#include "config/help_text.hpp"
#include "config/loader.hpp"

#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr int usage_error = 2;

// Loads the options every command shares, then runs `command` with them.
int run_with_options(const std::vector<std::string> &args,
                     int (*command)(const orch::config::options &)) {
  auto loaded = orch::config::load_options(
      args, orch::config::from_process_environment());
  if (auto *error = std::get_if<orch::config::config_error>(&loaded)) {
    std::cerr << "orchestrator: " << error->message << "\n";
    return usage_error;
  }
  return command(std::get<orch::config::options>(loaded));
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << orch::config::help_text();
    return usage_error;
  }
  const auto command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << orch::config::help_text();
    return 0;
  }
  if (command == "--version") {
    std::cout << "orchestrator " << ORCH_VERSION << "\n";
    return 0;
  }
  if (command == "serve")
    return run_with_options(args, orch::app::serve);
  if (command == "migrate")
    return run_with_options(args, orch::app::migrate);
  if (command == "create-operator")
    return orch::app::create_operator_command(args, std::cin);
  std::cerr << "orchestrator: unknown command \"" << command
            << "\" (see orchestrator --help)\n";
  return usage_error;
}
