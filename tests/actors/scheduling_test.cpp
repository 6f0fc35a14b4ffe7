#include "actor_test_fixture.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>

namespace orch {
namespace {

using namespace std::chrono_literals;
using test::noop_task;
using test::sleep_task;
using test::spec_of;
using js = job_state;

struct submitted_job {
  std::string id;
  std::string tenant;
  std::int32_t workers = 1;
};

class SchedulingTest : public test::supervisor_test {
protected:
  // Submits every spec at once and returns the accepted jobs in order.
  std::vector<submitted_job> submit_all(const std::vector<job_spec> &specs) {
    std::vector<std::shared_ptr<test::reply<job_info>>> replies;
    for (const auto &spec : specs)
      replies.push_back(ask_later<job_info>(sup, submit_atom::value, spec));
    run();
    std::vector<submitted_job> jobs;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      EXPECT_TRUE(replies[i]->ok()) << "submit " << i;
      if (replies[i]->ok())
        jobs.push_back({(*replies[i])->job_id, specs[i].tenant_id,
                        specs[i].required_workers});
    }
    return jobs;
  }

  // Reads every job at once.
  std::vector<job_info> read_all(const std::vector<submitted_job> &jobs) {
    std::vector<std::shared_ptr<test::reply<job_info>>> replies;
    for (const auto &j : jobs)
      replies.push_back(
          ask_later<job_info>(sup, caf::get_atom::value, j.tenant, j.id));
    run();
    std::vector<job_info> infos;
    for (const auto &r : replies) {
      EXPECT_TRUE(r->ok());
      infos.push_back(r->ok() ? **r : job_info{});
    }
    return infos;
  }

  // Advances time in steps until every job of the supervisor is terminal;
  // `check` runs after each step. Returns false if `max_steps` ran out.
  template <class Check>
  bool drive_until_all_terminal(std::chrono::milliseconds step,
                                std::size_t max_steps, Check check) {
    for (std::size_t i = 0; i < max_steps; ++i) {
      auto m = metrics();
      if (m.jobs_by_state["pending"] == 0 && m.jobs_by_state["running"] == 0)
        return true;
      advance(step);
      check(i);
    }
    return false;
  }
};

// Per worker, at most one job; per job, at most its gang; per tenant and in
// total, never more workers held than exist.
void expect_no_overcommit(const std::vector<worker_info> &workers,
                          const std::map<std::string, std::int32_t> &gangs,
                          std::int32_t held_total, std::size_t pool) {
  std::map<std::string, std::int32_t> per_job;
  for (const auto &w : workers)
    if (!w.current_job_id.empty())
      ++per_job[w.current_job_id];
  for (const auto &[job, count] : per_job)
    EXPECT_LE(count, gangs.at(job)) << job;
  EXPECT_LE(held_total, static_cast<std::int32_t>(pool));
  EXPECT_GE(held_total, 0);
}

// The running jobs' workers, which must be pairwise disjoint.
void expect_disjoint_gangs(const std::vector<job_info> &infos) {
  std::set<std::string> taken;
  for (const auto &info : infos) {
    if (info.status != js::running)
      continue;
    for (const auto &id : info.worker_ids)
      EXPECT_TRUE(taken.insert(id).second)
          << id << " held twice, again by " << info.job_id;
  }
}

TEST_F(SchedulingTest, ManyGangJobsOnASmallPoolAllComplete) {
  // 200 gangs of 2-4 on 5 workers all complete, never overcommitting the pool.
  constexpr std::size_t pool = 5;
  start_supervisor(pool);
  const std::vector<std::string> tenants{"tenant-a", "tenant-b", "tenant-c"};
  std::vector<job_spec> specs;
  for (std::int32_t i = 0; i < 200; ++i)
    specs.push_back(spec_of(tenants[static_cast<std::size_t>(i % 3)],
                            sleep_task(10 + (i * 37) % 90), 2 + (i * 7) % 3));
  auto jobs = submit_all(specs);
  ASSERT_EQ(jobs.size(), 200u);
  std::map<std::string, std::int32_t> gangs;
  for (const auto &j : jobs)
    gangs[j.id] = j.workers;
  auto check = [&](std::size_t step) {
    std::int32_t held = 0;
    for (const auto &t : tenants)
      held += usage(t).workers_held;
    expect_no_overcommit(workers(), gangs, held, pool);
    if (step % 25 == 0)
      expect_disjoint_gangs(read_all(jobs));
  };
  ASSERT_TRUE(drive_until_all_terminal(5ms, 20000, check));
  for (const auto &info : read_all(jobs))
    EXPECT_EQ(info.status, js::completed) << info.job_id;
  auto m = metrics();
  EXPECT_EQ(m.jobs_completed, 200);
  EXPECT_EQ(m.workers_by_state["idle"], static_cast<std::int64_t>(pool));
  for (const auto &t : tenants) {
    auto u = usage(t);
    EXPECT_EQ(u.workers_held, 0) << t;
    EXPECT_EQ(u.running_jobs, 0) << t;
    EXPECT_EQ(u.pending_jobs, 0) << t;
  }
}

TEST_F(SchedulingTest, GangJobIsNotStarvedByAnotherTenantsSmallJobs) {
  // A whole-pool gang is not starved by another tenant's flood of small jobs.
  start_supervisor(3);
  std::vector<job_spec> flood(30, spec_of("tenant-a", sleep_task(50)));
  auto small = submit_all(flood);
  auto big = submit_all({spec_of("tenant-b", sleep_task(50), 3)});
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(job("tenant-b", big[0].id).status, js::pending);
  for (int round = 0; round < 4; ++round)
    advance(50ms); // four rounds of the flood's jobs
  auto gang = job("tenant-b", big[0].id);
  std::string history;
  for (const auto &e : gang.events)
    history += std::string(to_string(e.to)) + " (" + e.reason + "); ";
  EXPECT_EQ(gang.status, js::completed)
      << gang.waiting_reason << "; " << history;
  EXPECT_GT(usage("tenant-a").pending_jobs, 0);
}

TEST_F(SchedulingTest, FloodingTenantDoesNotStarveAnother) {
  // A tenant queueing 10,000 jobs does not starve one queueing 100 after it.
  auto clock = std::make_shared<std::atomic<std::int64_t>>(0);
  mutable_settings().now_ms = [clock] { return ++*clock; };
  mutable_settings().default_quotas.max_pending_jobs = 100000;
  start_supervisor(2);
  std::vector<job_spec> flood(10000, spec_of("tenant-a", sleep_task(10)));
  auto a_jobs = submit_all(flood);
  advance(50ms); // A alone for a while: about ten of its jobs complete
  std::vector<job_spec> few(100, spec_of("tenant-b", sleep_task(10)));
  auto b_jobs = submit_all(few);
  ASSERT_EQ(a_jobs.size(), 10000u);
  ASSERT_EQ(b_jobs.size(), 100u);
  ASSERT_TRUE(drive_until_all_terminal(10ms, 20000, [](std::size_t) {}));
  // With the counting clock, finished_at_ms orders completions exactly.
  std::vector<std::int64_t> a_done;
  for (const auto &info : read_all(a_jobs)) {
    ASSERT_EQ(info.status, js::completed);
    a_done.push_back(info.finished_at_ms);
  }
  std::int64_t b_last = 0;
  for (const auto &info : read_all(b_jobs)) {
    ASSERT_EQ(info.status, js::completed);
    b_last = std::max(b_last, info.finished_at_ms);
  }
  std::sort(a_done.begin(), a_done.end());
  auto a_before_b_done =
      std::lower_bound(a_done.begin(), a_done.end(), b_last) - a_done.begin();
  EXPECT_LT(b_last, a_done[999])
      << "A completed " << a_before_b_done << " jobs before B's last";
}

} // namespace
} // namespace orch
