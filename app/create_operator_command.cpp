#include "app/create_operator_command.hpp"

#include "app/operator_account.hpp"
#include "config/loader.hpp"

#include <iostream>
#include <optional>

namespace orch::app {

namespace {

constexpr int usage_error = 2;

// Takes `--email EMAIL` or `--email=EMAIL` out of `args`.
std::optional<std::string> take_email(std::vector<std::string> &args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--email=", 0) == 0) {
      auto email = args[i].substr(8);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      return email;
    }
    if (args[i] == "--email" && i + 1 < args.size()) {
      auto email = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                 args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
      return email;
    }
  }
  return std::nullopt;
}

std::string read_password(std::istream &in) {
  std::string password;
  std::getline(in, password);
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  return password;
}

} // namespace

int create_operator_command(std::vector<std::string> args, std::istream &in) {
  auto email = take_email(args);
  if (!email) {
    std::cerr << "orchestrator: create-operator needs --email EMAIL (the "
                 "password is read from stdin)\n";
    return usage_error;
  }
  auto loaded = config::load_options(args, config::from_process_environment());
  if (auto *error = std::get_if<config::config_error>(&loaded)) {
    std::cerr << "orchestrator: " << error->message << "\n";
    return usage_error;
  }
  if (auto failed = create_operator(std::get<config::options>(loaded), *email,
                                    read_password(in))) {
    std::cerr << "orchestrator: " << *failed << "\n";
    return 1;
  }
  std::cout << "orchestrator: operator " << *email << " created\n";
  return 0;
}

} // namespace orch::app
