#pragma once

#include <chrono>
#include <cstdint>

namespace orch {

// How a provisioning workflow retries its steps.
struct provisioning_settings {
  // Attempts per step before the workflow fails.
  std::int32_t max_attempts = 3;
  // Backoff before attempt n + 1: base * 2^(n - 1), at most `backoff_max`.
  std::chrono::milliseconds backoff_base{200};
  std::chrono::milliseconds backoff_max{30000};
  // An attempt that has not ended by then counts as failed.
  std::chrono::milliseconds step_timeout{60000};
  // How long the workflow waits for its progress to be stored, and how long
  // it waits before trying again when storing failed.
  std::chrono::milliseconds report_timeout{60000};
  std::chrono::milliseconds report_retry_delay{1000};

  std::chrono::milliseconds backoff(std::int32_t failed_attempt) const;
};

} // namespace orch
