#include "tests/e2e/e2e_fixture.hpp"

#include <algorithm>
#include <map>
#include <thread>

namespace orch::test {
namespace {

using end_to_end_test = end_to_end;

// The one worker of a one-worker server.
json only_worker(const json &list) {
  EXPECT_EQ(list.size(), 1u) << list.dump();
  return list.empty() ? json::object() : list.front();
}

TEST_P(end_to_end_test, SignUpToACompletedJobOnAWorkerThatGoesBusyThenIdle) {
  // register → ready → log in → quotas → submit a command job that holds
  // until the test lets it go: while it runs the worker is busy with it;
  // then the job completes and the worker is idle again.
  start_server(1);
  auto token = ready_tenant("ada@example.com", "Acme").second;
  auto quotas = call("GET", "/api/resources/quotas", "", token);
  ASSERT_EQ(quotas.status, 200) << quotas.body;
  EXPECT_EQ(body_of(quotas).value("available_workers", -1), 1);
  auto ops = operator_token();
  EXPECT_EQ(only_worker(workers(ops)).value("status", ""), "idle");
  auto started = make_fifo("started");
  auto gate = make_fifo("gate");
  auto job_id = submit(
      token,
      {{"kind", "command"},
       {"argv",
        {"/bin/sh", "-c", "echo $$ > " + started + "; read line < " + gate}}});
  ASSERT_GT(pid_from_fifo(started), 0) << output();
  auto busy = only_worker(workers(ops));
  EXPECT_EQ(busy.value("status", ""), "busy") << busy.dump();
  EXPECT_EQ(busy["current_job_id"], job_id) << busy.dump();
  dir_.write("gate", "go\n");
  auto job = finished_job(token, job_id);
  EXPECT_EQ(job.value("status", ""), "completed") << job.dump();
  EXPECT_EQ(job["result"]["exit_code"], 0) << job.dump();
  EXPECT_EQ(job["worker_ids"], json::array({busy["worker_id"]}));
  auto idle = only_worker(workers(ops));
  EXPECT_EQ(idle.value("status", ""), "idle") << idle.dump();
  EXPECT_TRUE(idle["current_job_id"].is_null()) << idle.dump();
  EXPECT_EQ(idle.value("jobs_completed", 0), 1) << idle.dump();
}

TEST_P(end_to_end_test, AnAllocationShowsInUsageUntilReleased) {
  // allocate 1 → usage and quotas show it held → release → both back.
  start_server(2);
  auto token = ready_tenant("ada@example.com", "Acme").second;
  auto allocated =
      call("POST", "/api/resources/allocate", R"({"workers": 1})", token);
  ASSERT_EQ(allocated.status, 201) << allocated.body;
  auto allocation_id = body_of(allocated).value("allocation_id", "");
  auto usage = body_of(call("GET", "/api/resources/usage", "", token));
  EXPECT_EQ(usage.value("workers_allocated", -1), 1) << usage.dump();
  auto quotas = body_of(call("GET", "/api/resources/quotas", "", token));
  EXPECT_EQ(quotas.value("available_workers", -1), 1) << quotas.dump();
  auto released = call("POST", "/api/resources/release",
                       json{{"allocation_id", allocation_id}}.dump(), token);
  EXPECT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(body_of(released).value("status", ""), "released");
  usage = body_of(call("GET", "/api/resources/usage", "", token));
  EXPECT_EQ(usage.value("workers_allocated", -1), 0) << usage.dump();
  quotas = body_of(call("GET", "/api/resources/quotas", "", token));
  EXPECT_EQ(quotas.value("available_workers", -1), 2) << quotas.dump();
}

TEST_P(end_to_end_test, CancelStopsARunningCommandAndFreesItsWorker) {
  // A running `sleep 60` command is cancelled: the job is cancelled, its
  // process ends, and the worker runs the next job and is idle again.
  start_server(1);
  auto token = ready_tenant("ada@example.com", "Acme").second;
  auto started = make_fifo("started");
  auto job_id = submit(
      token, {{"kind", "command"},
              {"argv",
               {"/bin/sh", "-c", "echo $$ > " + started + "; exec sleep 60"}}});
  auto pid = pid_from_fifo(started);
  ASSERT_GT(pid, 0) << output();
  auto cancelled = call("POST", "/api/jobs/" + job_id + "/cancel", "", token);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(body_of(cancelled).value("status", ""), "cancelled");
  EXPECT_TRUE(process_ends(pid)) << "pid " << pid << " still runs";
  auto next = finished_job(token, submit(token, {{"kind", "noop"}}));
  EXPECT_EQ(next.value("status", ""), "completed") << next.dump();
  auto worker = only_worker(workers(operator_token()));
  EXPECT_EQ(worker.value("status", ""), "idle") << worker.dump();
  EXPECT_EQ(finished_job(token, job_id).value("status", ""), "cancelled");
}

INSTANTIATE_TEST_SUITE_P(Backends, end_to_end_test,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
