#include "actors/provisioning_settings.hpp"

#include <algorithm>

namespace orch {

std::chrono::milliseconds
provisioning_settings::backoff(std::int32_t failed_attempt) const {
  auto delay = backoff_base;
  for (std::int32_t i = 1; i < failed_attempt && delay < backoff_max; ++i)
    delay *= 2;
  return std::min(delay, backoff_max);
}

} // namespace orch
