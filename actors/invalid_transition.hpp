#pragma once

#include <string>

namespace orch {

// The typed error of a rejected state change (HTTP 409). States are kept as
// wire names so every layer can report them without knowing the enum.
struct invalid_transition {
  std::string machine;
  std::string from;
  std::string to;

  // For example "job: cannot go from completed to running".
  std::string message() const;
};

} // namespace orch
