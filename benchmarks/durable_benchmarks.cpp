// Durable noop jobs end to end on a real database: submit acknowledged after
// its commit, run, completed snapshot committed. Beside them, the raw insert
// rate of the same backend in the same run. SQLite in a temp dir always;
// PostgreSQL when ORCH_BENCH_POSTGRES_URL names a database (see
// benchmarks/run-durable.sh, which starts a throwaway cluster). Results and
// method in BENCHMARKS.md.
#include "actors/lean_clock.hpp"
#include "actors/scheduler_threads.hpp"
#include "actors/type_ids.hpp"
#include "app/database.hpp"
#include "app/runtime.hpp"
#include "benchmarks/bench_database.hpp"
#include "persistence/database.hpp"
#include "persistence/tenant_repository.hpp"

#include <benchmark/benchmark.h>
#include <caf/all.hpp>

#include <future>
#include <memory>
#include <string>

namespace orch {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t jobs_per_batch = 5000;
constexpr std::int64_t submits_in_flight = 256;
constexpr auto reply_timeout = 60s;
const std::string bench_tenant = "bench";

// The server's runtime (orch_app, as `orchestrator serve` starts it) on
// `url`, with the bench tenant stored.
struct durable_runtime {
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  app::runtime actors;
  std::string error;

  durable_runtime(const std::string &url, int workers) {
    register_runtime_types(config);
    set_scheduler_threads(config, 0);
    use_lean_coordinator(config);
    auto prepared = app::prepare_database(url);
    if (auto *failure = std::get_if<std::string>(&prepared)) {
      error = *failure;
      return;
    }
    auto &database = std::get<app::prepared_database>(prepared);
    auto session = persistence::open_session(database.target);
    persistence::create_tenant(
        *session, {bench_tenant, "bench", tenant_status::ready, 1, 1}, {});
    config::options options;
    options.database_url = url;
    options.workers = workers;
    system = std::make_unique<caf::actor_system>(config);
    actors = app::start_runtime(*system, options, database.target,
                                std::move(database.recovered));
  }
  ~durable_runtime() {
    if (system)
      actors.stop(*system, 10s);
  }
};

job_spec noop_job() {
  job_spec spec;
  spec.tenant_id = bench_tenant;
  spec.task_description = "bench";
  return spec;
}

// Submits `jobs` noop jobs, `submits_in_flight` unanswered at most, then
// asks for the tenant's usage until `done_before + jobs` completed. The
// future is false when a submit failed.
void batch_driver(caf::event_based_actor *self, supervisor_actor supervisor,
                  std::int64_t jobs, std::int64_t done_before,
                  std::shared_ptr<std::promise<bool>> finished) {
  auto sent = std::make_shared<std::int64_t>(0);
  auto acked = std::make_shared<std::int64_t>(0);
  auto poll = std::make_shared<std::function<void()>>();
  auto submit = std::make_shared<std::function<void()>>();
  *poll = [=] {
    self->request(supervisor, reply_timeout, usage_atom::value, bench_tenant)
        .then([=](const tenant_usage &usage) {
          if (usage.jobs_completed - done_before >= jobs)
            finished->set_value(true);
          else
            (*poll)();
        });
  };
  *submit = [=] {
    if (*sent == jobs)
      return;
    ++*sent;
    self->request(supervisor, reply_timeout, submit_atom::value, noop_job())
        .then(
            [=](const job_info &) {
              if (++*acked == jobs)
                (*poll)();
              (*submit)();
            },
            [=](caf::error &) { finished->set_value(false); });
  };
  for (std::int64_t i = 0; i < submits_in_flight; ++i)
    (*submit)();
}

std::int64_t completed_so_far(durable_runtime &rt) {
  caf::scoped_actor self{*rt.system};
  std::int64_t completed = -1;
  self->request(rt.actors.supervisor, reply_timeout, usage_atom::value,
                bench_tenant)
      .receive([&](const tenant_usage &u) { completed = u.jobs_completed; },
               [&](caf::error &) {});
  return completed;
}

// One batch from the first submit until the last completed snapshot is
// committed (the writer drained).
bool run_batch(durable_runtime &rt) {
  auto finished = std::make_shared<std::promise<bool>>();
  auto result = finished->get_future();
  rt.system->spawn(batch_driver, rt.actors.supervisor, jobs_per_batch,
                   completed_so_far(rt), finished);
  if (!result.get())
    return false;
  caf::scoped_actor self{*rt.system};
  bool drained = false;
  self->request(rt.actors.snapshots, reply_timeout,
                persistence::drain_atom::value)
      .receive([&](caf::ok_atom) { drained = true; }, [](caf::error &) {});
  return drained;
}

void BM_durable_noop_jobs(benchmark::State &state) {
  bench::bench_database db(state.range(0));
  if (db.url().empty())
    return state.SkipWithError("ORCH_BENCH_POSTGRES_URL is not set");
  durable_runtime rt(db.url(), 2);
  if (!rt.error.empty())
    return state.SkipWithError(rt.error.c_str());
  for (auto _ : state)
    if (!run_batch(rt))
      return state.SkipWithError("a submit or the drain failed");
  state.SetItemsProcessed(state.iterations() * jobs_per_batch);
}
BENCHMARK(BM_durable_noop_jobs)
    ->ArgName("backend")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace
} // namespace orch
