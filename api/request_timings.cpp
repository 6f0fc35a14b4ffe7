#include "api/request_timings.hpp"

#include <algorithm>

namespace orch::api {

namespace {

// From half a millisecond (a cached answer) to five seconds (the actors'
// deadline), roughly 1-2.5-5 per decade.
const std::vector<double> bucket_bounds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

const std::array<std::int64_t, 13> bucket_bounds_ns = [] {
  std::array<std::int64_t, 13> ns{};
  for (std::size_t i = 0; i < ns.size(); ++i)
    ns[i] = static_cast<std::int64_t>(bucket_bounds[i] * 1e9 + 0.5);
  return ns;
}();

} // namespace

const std::vector<double> &request_timings::bounds() {
  return bucket_bounds;
}

request_timings::series::series(std::string method, std::string route)
    : method_(std::move(method)), route_(std::move(route)) {}

void request_timings::series::record(int status,
                                     std::chrono::nanoseconds elapsed) {
  auto status_class = std::clamp(status / 100, 1, 5) - 1;
  auto &counts = by_status_[static_cast<std::size_t>(status_class)];
  auto ns = std::max<std::int64_t>(elapsed.count(), 0);
  // `le` is inclusive: the first bound at or above the duration.
  auto bucket =
      std::lower_bound(bucket_bounds_ns.begin(), bucket_bounds_ns.end(), ns) -
      bucket_bounds_ns.begin();
  counts.buckets[static_cast<std::size_t>(bucket)].fetch_add(
      1, std::memory_order_relaxed);
  counts.sum_ns.fetch_add(static_cast<std::uint64_t>(ns),
                          std::memory_order_relaxed);
}

request_timings::series &request_timings::add(std::string method,
                                              std::string route) {
  std::lock_guard<std::mutex> guard(mutex_);
  return series_.emplace_back(std::move(method), std::move(route));
}

std::vector<histogram_sample> request_timings::samples() const {
  std::lock_guard<std::mutex> guard(mutex_);
  std::vector<histogram_sample> out;
  for (const auto &s : series_) {
    for (std::size_t c = 0; c < series::status_classes; ++c) {
      const auto &counts = s.by_status_[c];
      histogram_sample sample;
      std::uint64_t total = 0;
      for (const auto &bucket : counts.buckets) {
        sample.counts.push_back(bucket.load(std::memory_order_relaxed));
        total += sample.counts.back();
      }
      if (total == 0)
        continue;
      sample.sum =
          static_cast<double>(counts.sum_ns.load(std::memory_order_relaxed)) /
          1e9;
      sample.labels = {{"route", s.route_},
                       {"method", s.method_},
                       {"status", std::to_string(c + 1) + "xx"}};
      out.push_back(std::move(sample));
    }
  }
  return out;
}

} // namespace orch::api
