#pragma once

#include "api/prometheus_text.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace orch::api {

// How long HTTP requests took, by method, route template (never the raw
// path, so the number of series is bounded) and status class. Series are
// added before serving; recording is a few relaxed atomic increments, safe
// from any handler thread, with no lock.
class request_timings {
public:
  // Upper bounds of the histogram buckets, in seconds.
  static const std::vector<double> &bounds();

  // The requests of one method and route template.
  class series {
  public:
    series(std::string method, std::string route);
    void record(int status, std::chrono::nanoseconds elapsed);

  private:
    friend class request_timings;
    static constexpr std::size_t status_classes = 5; // 1xx .. 5xx
    static constexpr std::size_t bucket_count = 14;  // 13 bounds and +Inf
    struct per_status {
      std::array<std::atomic<std::uint64_t>, bucket_count> buckets{};
      std::atomic<std::uint64_t> sum_ns{0};
    };
    std::string method_;
    std::string route_;
    std::array<per_status, status_classes> by_status_;
  };

  // The returned series lives as long as this object.
  series &add(std::string method, std::string route);
  // Every series with at least one request, labelled route, method and
  // status ("2xx").
  std::vector<histogram_sample> samples() const;

private:
  mutable std::mutex mutex_; // guards the deque's shape, not the counts
  std::deque<series> series_;
};

} // namespace orch::api
