#include "config/data_dir.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace orch::config {

std::optional<invalid_value> prepare_data_dir(const std::string &dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return invalid_value{"cannot create directory \"" + dir +
                         "\": " + error.message()};
  }
  if (!std::filesystem::is_directory(dir, error)) {
    return invalid_value{"\"" + dir + "\" is not a directory"};
  }
  if (access(dir.c_str(), W_OK) != 0) {
    return invalid_value{"directory \"" + dir + "\" is not writable"};
  }
  return std::nullopt;
}

} // namespace orch::config
