#pragma once

#include <string>
#include <variant>

namespace orch::config {

// Why the configuration cannot be used. The caller prints `message` to stderr
// and exits with status 2.
struct config_error {
  // The option as the user spelled it: "--listen", "ORCH_LISTEN" or the
  // config-file key "listen".
  std::string option;
  // One line that names the option and says what is wrong with it.
  std::string message;
};

// A value or the reason there is none; errors are values, not exceptions.
template <typename T> using result = std::variant<T, config_error>;

} // namespace orch::config
