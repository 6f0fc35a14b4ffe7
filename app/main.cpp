// orchestrator: a multi-tenant job orchestration server. This file only
// dispatches the subcommand; each command lives in its own file.
#include "app/serve_command.hpp"
#include "config/help_text.hpp"
#include "config/loader.hpp"

#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr int usage_error = 2;

int run_serve(const std::vector<std::string> &args) {
  auto loaded = orch::config::load_options(
      args, orch::config::from_process_environment());
  if (auto *error = std::get_if<orch::config::config_error>(&loaded)) {
    std::cerr << "orchestrator: " << error->message << "\n";
    return usage_error;
  }
  return orch::app::serve(std::get<orch::config::options>(loaded));
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
    return run_serve(args);
  std::cerr << "orchestrator: unknown command \"" << command
            << "\" (see orchestrator --help)\n";
  return usage_error;
}
