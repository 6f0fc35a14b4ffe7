#include "tests/e2e/e2e_fixture.hpp"

#include <algorithm>
#include <mutex>
#include <thread>

namespace orch::test {
namespace {

constexpr int total_jobs = 50;
constexpr int submit_threads_per_tenant = 2;

struct tenant_under_load {
  std::string tenant_id;
  std::string token;
  int max_running_jobs = 1;
  int jobs = 0;
  std::vector<std::string> job_ids;
};

// The most jobs that ran at once, from their started_at and finished_at
// (RFC 3339 UTC with milliseconds: ordered as strings). At equal times an
// end counts before a start: the supervisor frees a slot only after the
// job ended.
int most_running_at_once(const std::vector<json> &jobs) {
  std::vector<std::pair<std::string, int>> edges;
  for (const auto &job : jobs) {
    edges.emplace_back(job.value("started_at", ""), +1);
    edges.emplace_back(job.value("finished_at", ""), -1);
  }
  std::sort(edges.begin(), edges.end());
  int running = 0, most = 0;
  for (const auto &edge : edges)
    most = std::max(most, running += edge.second);
  return most;
}

class concurrent_tenants : public end_to_end {
protected:
  // Each tenant's jobs, submitted from its own threads at the same time.
  void submit_all(std::vector<tenant_under_load> &tenants) {
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (auto &tenant : tenants)
      for (int t = 0; t < submit_threads_per_tenant; ++t)
        threads.emplace_back([&, t] {
          for (int i = t; i < tenant.jobs; i += submit_threads_per_tenant) {
            auto id = submit(tenant.token, {{"kind", "sleep"},
                                            {"sleep_ms", 20 + (i % 3) * 10}});
            std::lock_guard<std::mutex> guard(mutex);
            tenant.job_ids.push_back(id);
          }
        });
    for (auto &thread : threads)
      thread.join();
  }
};

TEST_P(concurrent_tenants, FiftyJobsFromThreeTenantsCompleteWithinQuotas) {
  // Three ready tenants with max_running_jobs 1, 2 and 1 submit 50 sleep jobs
  // at once from six threads onto four workers: every job completes, and no
  // tenant ever had more jobs running than its quota.
  start_server(4);
  auto ops = operator_token();
  std::vector<tenant_under_load> tenants(3);
  const int quotas[] = {1, 2, 1};
  const int jobs[] = {17, 17, 16};
  for (int i = 0; i < 3; ++i) {
    auto name = "tenant" + std::to_string(i);
    std::tie(tenants[i].tenant_id, tenants[i].token) =
        ready_tenant(name + "@example.com", name);
    tenants[i].max_running_jobs = quotas[i];
    tenants[i].jobs = jobs[i];
    auto set = call("PUT", "/api/tenants/" + tenants[i].tenant_id + "/quotas",
                    json{{"max_workers", 4},
                         {"max_running_jobs", quotas[i]},
                         {"max_pending_jobs", 100}}
                        .dump(),
                    ops);
    ASSERT_EQ(set.status, 200) << set.body;
  }
  submit_all(tenants);
  int submitted = 0;
  for (const auto &tenant : tenants) {
    std::vector<json> finished;
    for (const auto &id : tenant.job_ids) {
      finished.push_back(finished_job(tenant.token, id));
      EXPECT_EQ(finished.back().value("status", ""), "completed")
          << finished.back().dump();
    }
    submitted += static_cast<int>(finished.size());
    EXPECT_LE(most_running_at_once(finished), tenant.max_running_jobs)
        << tenant.tenant_id;
  }
  EXPECT_EQ(submitted, total_jobs);
}

INSTANTIATE_TEST_SUITE_P(Backends, concurrent_tenants,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
