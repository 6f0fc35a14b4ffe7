#include "config/environment.hpp"

#include <string_view>

extern char **environ;

namespace orch::config {

environment from_process_environment() {
  environment variables;
  for (char **entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals != std::string_view::npos) {
      variables.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return variables;
}

} // namespace orch::config
