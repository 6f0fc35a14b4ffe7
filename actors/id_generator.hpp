#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace orch {

// Opaque ids ("job-aZ3_k9Q-x2B"): a prefix and 64 random bits in base64url,
// so ids stay unique across restarts without coordination, and a job id (15
// characters) fits in std::string's inline buffer: copies do not allocate.
// Seeded from the injected settings.
class id_generator {
public:
  explicit id_generator(std::uint64_t seed) : rng_(seed) {}
  std::string next(std::string_view prefix);

private:
  std::mt19937_64 rng_;
};

} // namespace orch
