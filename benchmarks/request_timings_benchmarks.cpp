// What the HTTP duration histogram adds to every request: two clock reads
// and request_timings::series::record, from one thread and from two threads
// recording into one series (Pistache's two handler threads on one route).
#include "api/request_timings.hpp"

#include <benchmark/benchmark.h>

namespace {

orch::api::request_timings::series &submit_series() {
  static orch::api::request_timings timings;
  static auto &series = timings.add("POST", "/api/jobs/submit");
  return series;
}

void BM_TimeOneRequest(benchmark::State &state) {
  auto &series = submit_series();
  for (auto _ : state) {
    auto started = std::chrono::steady_clock::now();
    series.record(201, std::chrono::steady_clock::now() - started);
  }
}
BENCHMARK(BM_TimeOneRequest)->Threads(1)->Threads(2);

} // namespace
