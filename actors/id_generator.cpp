#include "actors/id_generator.hpp"

#include <cstdio>

namespace orch {

std::string id_generator::next(const std::string &prefix) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(rng_()));
  return prefix + "-" + hex;
}

} // namespace orch
