#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace orch {

// Opaque ids ("job-0Q8zW3k-Ab7"): a prefix and 11 characters that sort, as
// strings, in the order the ids were made: 7 characters of milliseconds
// since the Unix epoch (42 bits, enough until 2109), then 4 of a count (24
// bits) started at a random value each millisecond. Sorted ids make database
// inserts land at the end of each id index instead of on random pages; with
// random ids the durable job rate fell as the tables grew (BENCHMARKS.md).
// Ids stay unique across restarts without coordination because a restart
// takes longer than a millisecond; a clock set back across a restart leaves
// only the random start of the count between two ids. A job id (15
// characters) fits in std::string's inline buffer: copies do not allocate.
class id_generator {
public:
  explicit id_generator(std::uint64_t seed) : rng_(seed) {}

  // `now_ms` is the injected clock. Ids from one generator are strictly
  // increasing even while the clock stands still or moves back.
  std::string next(std::string_view prefix, std::int64_t now_ms);

private:
  void start_millisecond(std::uint64_t ms);

  std::mt19937_64 rng_;
  std::uint64_t ms_ = 0;
  std::uint64_t count_ = 0;
};

} // namespace orch
