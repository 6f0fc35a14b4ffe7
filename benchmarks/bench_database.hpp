#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace orch::bench {

// Backend 0 is SQLite in a fresh temp dir, backend 1 PostgreSQL at
// ORCH_BENCH_POSTGRES_URL (benchmarks/run-durable.sh starts a throwaway
// cluster and sets it).
class bench_database {
public:
  explicit bench_database(std::int64_t backend) {
    char name[] = "/tmp/orch-bench-XXXXXX";
    dir_ = mkdtemp(name);
    const char *postgres = std::getenv("ORCH_BENCH_POSTGRES_URL");
    if (backend == 0)
      url_ = "sqlite:" + dir_ + "/orchestrator.db";
    else if (postgres != nullptr)
      url_ = postgres;
  }
  ~bench_database() { std::filesystem::remove_all(dir_); }
  bench_database(const bench_database &) = delete;
  bench_database &operator=(const bench_database &) = delete;

  // Empty when PostgreSQL is asked for but not configured.
  const std::string &url() const { return url_; }

private:
  std::string dir_;
  std::string url_;
};

} // namespace orch::bench
