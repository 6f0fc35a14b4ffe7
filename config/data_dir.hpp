#pragma once

#include <optional>
#include <string>

#include "config/values.hpp"

namespace orch::config {

// Creates dir (and its parents) if missing, and checks that it is a writable
// directory; says why not otherwise.
std::optional<invalid_value> prepare_data_dir(const std::string &dir);

} // namespace orch::config
