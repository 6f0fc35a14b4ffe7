// orch_crash_driver: the actor runtime of `orchestrator serve` (the same
// orch_app code: database preparation, recovery, supervisor, workers,
// snapshot writer) with an in-process client instead of HTTP, for the crash
// test. Takes serve's options after the mode:
//   submit  creates the tenant "crash", then submits 10 ms sleep jobs
//           without end, at most 32 unanswered, and prints "acked JOB_ID"
//           for each submit acknowledged (that is, committed); submits
//           outpace the workers, so jobs wait in every state when the test
//           kills it with -9.
//   finish  recovers ("recovered N"), waits until no job is pending or
//           running, stops the runtime as serve does (draining the snapshot
//           writer) and prints "finished".
#include "actors/lean_clock.hpp"
#include "actors/scheduler_threads.hpp"
#include "actors/type_ids.hpp"
#include "app/database.hpp"
#include "app/runtime.hpp"
#include "config/loader.hpp"
#include "persistence/tenant_repository.hpp"

#include <caf/all.hpp>

#include <iostream>

namespace {

using namespace orch;
using namespace std::chrono_literals;

constexpr int in_flight = 32;
const std::string tenant_id = "crash";

// The tenant every job belongs to (the jobs table refers to it), in the
// migrated database.
bool create_tenant(const std::string &url) {
  auto opened = app::open_database(url);
  if (auto *error = std::get_if<std::string>(&opened)) {
    std::cerr << *error << "\n";
    return false;
  }
  auto &db = std::get<app::opened_database>(opened);
  persistence::tenant_record tenant{tenant_id, "crash test",
                                    tenant_status::ready, 1, 1};
  auto status = persistence::create_tenant(*db.session, tenant, {});
  if (status == persistence::db_status::ok ||
      status == persistence::db_status::duplicate)
    return true;
  std::cerr << "cannot create the tenant: " << to_string(status) << "\n";
  return false;
}

job_spec short_sleep_job() {
  job_spec spec;
  spec.tenant_id = tenant_id;
  spec.task_description = "crash test sleep";
  spec.task.kind = task_kind::sleep;
  spec.task.sleep_ms = 10;
  return spec;
}

// Keeps `in_flight` submits unanswered until the process is killed.
void submitter(caf::event_based_actor *self, supervisor_actor supervisor) {
  auto submit_one = std::make_shared<std::function<void()>>();
  *submit_one = [=] {
    self->request(supervisor, caf::infinite, submit_atom::value,
                  short_sleep_job())
        .then(
            [=](const job_info &job) {
              std::cout << "acked " << job.job_id << std::endl;
              (*submit_one)();
            },
            [=](caf::error &) { (*submit_one)(); });
  };
  for (int i = 0; i < in_flight; ++i)
    (*submit_one)();
}

std::int64_t unfinished(const supervisor_metrics &metrics) {
  std::int64_t count = 0;
  for (const auto &[state, jobs] : metrics.jobs_by_state)
    if (auto parsed = parse_job_state(state); parsed && !is_terminal(*parsed))
      count += jobs;
  return count + metrics.queue_depth;
}

// Asks the supervisor until no job is left unfinished.
void await_all_finished(caf::actor_system &system,
                        const supervisor_actor &supervisor) {
  caf::scoped_actor self{system};
  for (std::int64_t left = 1; left > 0;) {
    self->request(supervisor, caf::infinite, metrics_atom::value)
        .receive([&](const supervisor_metrics &m) { left = unfinished(m); },
                 [&](caf::error &) {});
    if (left > 0)
      self->receive(caf::after(5ms) >> [] {});
  }
}

int run(const std::string &mode, const config::options &options) {
  auto prepared = app::prepare_database(options.database_url);
  if (auto *error = std::get_if<std::string>(&prepared)) {
    std::cerr << *error << "\n";
    return 1;
  }
  auto &database = std::get<app::prepared_database>(prepared);
  if (mode == "submit" && !create_tenant(options.database_url))
    return 1;
  std::cout << "recovered " << database.recovered.unfinished_jobs.size()
            << std::endl;
  caf::actor_system_config config;
  register_runtime_types(config);
  set_scheduler_threads(config, options.actor_threads);
  use_lean_coordinator(config);
  caf::actor_system system{config};
  auto actors = app::start_runtime(system, options, database.target,
                                   std::move(database.recovered));
  if (mode == "submit") {
    system.spawn(submitter, actors.supervisor);
    system.await_all_actors_done();
  }
  await_all_finished(system, actors.supervisor);
  actors.stop(system, 10s);
  std::cout << "finished" << std::endl;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || (args[0] != "submit" && args[0] != "finish")) {
    std::cerr << "usage: orch_crash_driver submit|finish [serve options]\n";
    return 2;
  }
  auto mode = args.front();
  args.erase(args.begin());
  auto loaded = config::load_options(args, config::from_process_environment());
  if (auto *error = std::get_if<config::config_error>(&loaded)) {
    std::cerr << error->message << "\n";
    return 2;
  }
  return run(mode, std::get<config::options>(loaded));
}
