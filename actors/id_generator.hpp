#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace orch {

// Opaque ids ("job-3f2a..."): 64 random bits, so ids stay unique across
// restarts without coordination. Seeded from the injected settings.
class id_generator {
public:
  explicit id_generator(std::uint64_t seed) : rng_(seed) {}
  std::string next(const std::string &prefix);

private:
  std::mt19937_64 rng_;
};

} // namespace orch
