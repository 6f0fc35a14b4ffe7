// Noop jobs from submit to completed through the supervisor on CAF's thread
// pool, beside the raw CAF rates they are judged against (DESIGN.md §8):
// spawning actors that end at once, and request/response pairs. All run in
// the same binary and the same run; results and method in BENCHMARKS.md.
#include "actors/lean_clock.hpp"
#include "actors/scheduler_threads.hpp"
#include "actors/supervisor_actor.hpp"
#include "actors/type_ids.hpp"

#include <benchmark/benchmark.h>
#include <caf/all.hpp>

#include <malloc.h>
#include <time.h>
#ifdef ORCH_TCMALLOC
#include <gperftools/malloc_extension_c.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace orch {
namespace {

using namespace std::chrono_literals;
using bench_clock = std::chrono::steady_clock;

constexpr std::int64_t jobs_per_batch = 10000;
constexpr std::int64_t jobs_in_flight = 1000;
constexpr std::int64_t requests_in_flight = 256;
constexpr std::int64_t pending_jobs_measured = 50000;
constexpr std::int64_t pairs_per_batch = 100000;
constexpr std::int64_t actors_per_batch = 10000;
constexpr auto reply_timeout = 60s;
const std::string bench_tenant = "bench";

struct bench_config : caf::actor_system_config {
  // One scheduler thread per core, as `orchestrator serve` starts.
  bench_config() {
    register_runtime_types(*this);
    set_scheduler_threads(*this, 0);
    use_lean_coordinator(*this);
  }
};

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// On a shared machine the wall-clock rate depends on the neighbours' load;
// items per CPU-second of the whole process (every CAF thread) much less.
// Both are reported: items_per_second (wall) and items_per_cpu_second.
class cpu_meter {
public:
  explicit cpu_meter(benchmark::State &state)
      : state_(state), start_(process_cpu_seconds()) {}
  ~cpu_meter() {
    auto used = process_cpu_seconds() - start_;
    auto items = static_cast<double>(state_.items_processed());
    if (used > 0)
      state_.counters["items_per_cpu_second"] = items / used;
  }

private:
  benchmark::State &state_;
  double start_;
};

// -- the job driver -----------------------------------------------------------

// How a batch is paced: submits are pipelined, at most `submits_in_flight`
// unanswered and at most `unfinished` submitted but not yet seen completed.
// The batch ends when every job completed, or with `answered_only` when
// every submit was answered. Completions are seen by asking for the
// tenant's usage every `poll_interval`. `timed`: each request of the driver has
// a finite timeout, as a client that must not wait forever uses.
struct batch_plan {
  std::int64_t jobs = jobs_per_batch;
  std::int64_t submits_in_flight = requests_in_flight;
  std::int64_t unfinished = jobs_in_flight;
  bool answered_only = false;
  bool timed = true;
  // Each job awaited instead of polled, `unfinished` at a time
  // (drive_awaited); its requests are always timed.
  bool awaited = false;

  caf::duration timeout() const {
    return timed ? caf::duration{reply_timeout} : caf::duration{caf::infinite};
  }
};

struct batch_outcome {
  std::vector<double> latencies_ms;
  std::int64_t refused = 0;
  // Usage requests answered: each costs the supervisor a handler, and their
  // number varies with thread interleaving, so instruction counts of two
  // runs compare only beside it.
  std::int64_t polls = 0;
};

struct driver_state {
  batch_plan plan;
  std::int64_t sent = 0;
  std::int64_t answered = 0;
  std::int64_t completed = 0;
  std::int64_t completed_before = 0;
  std::vector<bench_clock::time_point> sent_at;
  batch_outcome outcome;
  std::promise<batch_outcome> done;
  bool finished = false;
};

using driver_ptr = std::shared_ptr<driver_state>;

job_spec noop_spec() {
  job_spec spec;
  spec.tenant_id = bench_tenant;
  spec.task_description = "noop";
  return spec;
}

void send_submits(caf::event_based_actor *self, const supervisor_actor &sup,
                  const driver_ptr &st) {
  auto &s = *st;
  while (s.sent < s.plan.jobs &&
         s.sent - s.answered < s.plan.submits_in_flight &&
         s.sent - s.completed < s.plan.unfinished) {
    s.sent_at.push_back(bench_clock::now());
    ++s.sent;
    self->request(sup, s.plan.timeout(), submit_atom::value, noop_spec())
        .then(
            [=](job_info &) {
              ++st->answered;
              send_submits(self, sup, st);
            },
            [=](caf::error &) {
              ++st->answered;
              ++st->outcome.refused;
            });
  }
}

// The k-th job of the batch counts as completed when the tenant's completed
// count first reaches k: exact with one worker (jobs start and end in
// submission order), off by the reordering among running jobs otherwise.
void record_completions(const driver_ptr &st, std::int64_t completed) {
  auto &s = *st;
  auto now = bench_clock::now();
  completed = std::min(completed, s.sent);
  for (auto k = s.completed; k < completed; ++k)
    s.outcome.latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(now - s.sent_at[k]).count());
  s.completed = std::max(s.completed, completed);
}

constexpr auto poll_interval = 1ms;
using poll_atom = caf::atom_constant<caf::atom("poll")>;

// Ends the batch once: several awaiting chains may fail.
void finish(caf::event_based_actor *self, const driver_ptr &st) {
  if (st->finished)
    return;
  st->finished = true;
  st->done.set_value(std::move(st->outcome));
  self->quit();
}

// Each usage answer records what completed and tops the submits up (so do
// submit answers) until the batch is done; the next request follows after
// `poll_interval`. Asking again at once, as soon as the answer is
// in, measures the driver: the cheaper a request, the more polls (up to
// five a job) took the supervisor's time from the jobs. Latencies are
// therefore late by up to a poll interval.
void poll(caf::event_based_actor *self, const supervisor_actor &sup,
          const driver_ptr &st) {
  self->request(sup, st->plan.timeout(), usage_atom::value, bench_tenant)
      .then(
          [=](tenant_usage &usage) {
            ++st->outcome.polls;
            record_completions(st, usage.jobs_completed - st->completed_before);
            auto over = st->plan.answered_only ? st->answered >= st->plan.jobs
                                               : st->completed >= st->plan.jobs;
            if (over || st->outcome.refused > 0)
              return finish(self, st);
            send_submits(self, sup, st);
            self->delayed_send(self, poll_interval, poll_atom::value);
          },
          [=](caf::error &) {
            ++st->outcome.refused;
            finish(self, st);
          });
}

caf::behavior drive(caf::event_based_actor *self, const supervisor_actor &sup,
                    const driver_ptr &st) {
  self->request(sup, reply_timeout, usage_atom::value, bench_tenant)
      .then([=](tenant_usage &usage) {
        st->completed_before = usage.jobs_completed;
        send_submits(self, sup, st);
        poll(self, sup, st);
      });
  return {[=](poll_atom) { poll(self, sup, st); }};
}

// Jobs awaited as a client's `?wait_ms` does, `unfinished` at a time: each
// chain submits a job, asks the supervisor to answer when it ended
// (await_atom), then submits the next. No polling, so each latency is
// exact, submit to the await's answer. At the end the tenant's completed
// count must have grown by the batch.
void await_chain(caf::event_based_actor *self, const supervisor_actor &sup,
                 const driver_ptr &st);

void check_completed(caf::event_based_actor *self, const supervisor_actor &sup,
                     const driver_ptr &st) {
  self->request(sup, reply_timeout, usage_atom::value, bench_tenant)
      .then(
          [=](tenant_usage &usage) {
            if (usage.jobs_completed - st->completed_before != st->plan.jobs)
              ++st->outcome.refused;
            finish(self, st);
          },
          [=](caf::error &) {
            ++st->outcome.refused;
            finish(self, st);
          });
}

void on_awaited(caf::event_based_actor *self, const supervisor_actor &sup,
                const driver_ptr &st, bench_clock::time_point sent_at) {
  std::chrono::duration<double, std::milli> took = bench_clock::now() - sent_at;
  st->outcome.latencies_ms.push_back(took.count());
  if (++st->completed == st->plan.jobs)
    return check_completed(self, sup, st);
  await_chain(self, sup, st);
}

void await_chain(caf::event_based_actor *self, const supervisor_actor &sup,
                 const driver_ptr &st) {
  if (st->sent == st->plan.jobs || st->finished)
    return;
  ++st->sent;
  auto sent_at = bench_clock::now();
  auto refused = [=](caf::error &) {
    ++st->outcome.refused;
    finish(self, st);
  };
  self->request(sup, reply_timeout, submit_atom::value, noop_spec())
      .then(
          [=](job_info &job) {
            self->request(sup, reply_timeout, await_atom::value, bench_tenant,
                          job.job_id, std::int64_t{60000})
                .then([=](bool) { on_awaited(self, sup, st, sent_at); },
                      refused);
          },
          refused);
}

void drive_awaited(caf::event_based_actor *self, const supervisor_actor &sup,
                   const driver_ptr &st) {
  self->request(sup, reply_timeout, usage_atom::value, bench_tenant)
      .then([=](tenant_usage &usage) {
        st->completed_before = usage.jobs_completed;
        for (std::int64_t i = 0; i < st->plan.unfinished; ++i)
          await_chain(self, sup, st);
      });
}

batch_outcome run_batch(caf::actor_system &sys, const supervisor_actor &sup,
                        const batch_plan &plan) {
  auto st = std::make_shared<driver_state>();
  st->plan = plan;
  st->sent_at.reserve(static_cast<std::size_t>(plan.jobs));
  auto outcome = st->done.get_future();
  if (plan.awaited)
    sys.spawn(drive_awaited, sup, st);
  else
    sys.spawn(drive, sup, st);
  return outcome.get();
}

// The supervisor with `workers` local workers, tuned for throughput: jobs
// leave memory as soon as they end and the tenant's quotas never bind.
class runtime_under_test {
public:
  explicit runtime_under_test(std::int32_t workers) : sys_(cfg_) {
    auto settings = std::make_shared<runtime_settings>();
    settings->retention = 0ms;
    settings->default_quotas = {-1, 1000000, 10000000};
    supervisor_options options;
    options.settings = std::move(settings);
    options.local_workers = workers;
    sup_ = spawn_supervisor(sys_, std::move(options));
  }

  ~runtime_under_test() {
    caf::anon_send_exit(sup_, caf::exit_reason::user_shutdown);
  }

  caf::actor_system &system() { return sys_; }
  const supervisor_actor &supervisor() const { return sup_; }

private:
  bench_config cfg_;
  caf::actor_system sys_;
  supervisor_actor sup_;
};

double percentile(std::vector<double> values, double p) {
  if (values.empty())
    return 0;
  auto index =
      static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + index, values.end());
  return values[index];
}

void run_job_batches(benchmark::State &state, const batch_plan &plan) {
  runtime_under_test runtime{static_cast<std::int32_t>(state.range(0))};
  std::vector<double> latencies;
  std::int64_t polls = 0;
  cpu_meter cpu{state};
  for (auto _ : state) {
    auto outcome = run_batch(runtime.system(), runtime.supervisor(), plan);
    if (outcome.refused > 0) {
      state.SkipWithError("a submit or usage request failed");
      return;
    }
    latencies.insert(latencies.end(), outcome.latencies_ms.begin(),
                     outcome.latencies_ms.end());
    polls += outcome.polls;
  }
  state.SetItemsProcessed(state.iterations() * plan.jobs);
  state.counters["polls_per_job"] =
      static_cast<double>(polls) /
      static_cast<double>(state.iterations() * plan.jobs);
  state.counters["p50_ms"] = percentile(latencies, 0.50);
  state.counters["p99_ms"] = percentile(latencies, 0.99);
}

// Throughput: 10,000 noop jobs per iteration, 256 submits and 1,000 jobs
// in flight.
void BM_noop_jobs(benchmark::State &state) {
  run_job_batches(state, {});
}

// The same with no timeout on the driver's requests: CAF 0.17 hands every
// request timeout to its clock thread and cancels it there again.
void BM_noop_jobs_untimed(benchmark::State &state) {
  batch_plan plan;
  plan.timed = false;
  run_job_batches(state, plan);
}

// The same with no bound on unfinished jobs: the whole batch waits at once.
void BM_noop_jobs_backlog(benchmark::State &state) {
  run_job_batches(state, {jobs_per_batch, requests_in_flight, jobs_per_batch});
}

// Throughput with clients that await each job (as `?wait_ms` does) instead
// of polling: 10,000 jobs per iteration, `clients` of them at a time.
void BM_noop_jobs_awaited(benchmark::State &state) {
  batch_plan plan{jobs_per_batch, state.range(1), state.range(1)};
  plan.awaited = true;
  run_job_batches(state, plan);
}

// Latency without load: one job at a time, each awaited, 1,000 per
// iteration.
void BM_noop_job_one_at_a_time(benchmark::State &state) {
  batch_plan plan{1000, 1, 1};
  plan.awaited = true;
  run_job_batches(state, plan);
}

// Heap bytes in use (allocated and not freed), unlike the resident size
// not lowered by memory an earlier benchmark freed and this one reuses.
// tcmalloc does not fill glibc's mallinfo2, so it is asked itself.
std::int64_t heap_in_use() {
#ifdef ORCH_TCMALLOC
  std::size_t bytes = 0;
  MallocExtension_GetNumericProperty("generic.current_allocated_bytes", &bytes);
  return static_cast<std::int64_t>(bytes);
#else
  auto info = mallinfo2();
  return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
#endif
}

template <class Result, class... Ts>
void ask(caf::scoped_actor &self, const supervisor_actor &sup, Ts... xs) {
  self->request(sup, reply_timeout, xs...)
      .receive([](Result &) {}, [](caf::error &) {});
}

// The process's peak resident size (VmHWM) in bytes, 0 when unknown.
std::int64_t peak_resident_bytes() {
  std::ifstream status{"/proc/self/status"};
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stoll(line.substr(6)) * 1024;
  return 0;
}

// Heap growth while `jobs` wait behind the only worker, paused. The
// driver's requests are untimed: CAF 0.17 keeps a request's timeout in its
// clock until it would have fired (60 s), 144 bytes a request (massif), the
// driver's memory and not the jobs'. Then the worker resumes and every job
// runs, so the actor system can shut down.
void measure_pending_jobs(benchmark::State &state, std::int64_t jobs) {
  runtime_under_test runtime{1};
  caf::scoped_actor self{runtime.system()};
  const auto &sup = runtime.supervisor();
  batch_plan plan{jobs, requests_in_flight, jobs, true, false};
  for (auto _ : state) {
    ask<worker_info>(self, sup, pause_atom::value, std::string{"w-1"});
    auto before = heap_in_use();
    run_batch(runtime.system(), sup, plan);
    auto grown = heap_in_use() - before;
    state.counters["bytes_per_pending_job"] =
        static_cast<double>(grown) / static_cast<double>(plan.jobs);
    state.counters["heap_bytes"] = static_cast<double>(grown);
    state.counters["peak_rss_bytes"] =
        static_cast<double>(peak_resident_bytes());
    ask<worker_info>(self, sup, resume_atom::value, std::string{"w-1"});
    for (bool idle = false; !idle;) {
      self->receive(caf::after(10ms) >> [] {});
      self->request(sup, reply_timeout, usage_atom::value, bench_tenant)
          .receive(
              [&](tenant_usage &u) {
                idle = u.pending_jobs == 0 && u.running_jobs == 0;
              },
              [&](caf::error &) { idle = true; });
    }
  }
}

// Memory per pending job (DESIGN.md §8: 1,000,000 in under 2 GiB), measured
// on 50,000.
void BM_pending_job_memory(benchmark::State &state) {
  measure_pending_jobs(state, pending_jobs_measured);
}

// The target itself: 1,000,000 pending jobs held at once.
void BM_pending_job_memory_million(benchmark::State &state) {
  measure_pending_jobs(state, 1000000);
}

// -- raw CAF references -------------------------------------------------------

class quitter : public caf::event_based_actor {
public:
  using caf::event_based_actor::event_based_actor;
  caf::behavior make_behavior() override {
    quit();
    return {};
  }
};

// Actors spawned from outside and ending at once: what one job actor's
// birth and death cost at least.
void BM_caf_spawn_and_exit(benchmark::State &state) {
  bench_config cfg;
  caf::actor_system sys{cfg};
  cpu_meter cpu{state};
  for (auto _ : state) {
    for (std::int64_t i = 0; i < actors_per_batch; ++i)
      sys.spawn<quitter>();
    sys.await_all_actors_done();
  }
  state.SetItemsProcessed(state.iterations() * actors_per_batch);
}

struct pinger_state {
  caf::duration timeout;
  std::int64_t sent = 0;
  std::int64_t received = 0;
  std::promise<void> done;
};

using pinger_ptr = std::shared_ptr<pinger_state>;

void ping_more(caf::event_based_actor *self, const caf::actor &server,
               const pinger_ptr &st) {
  while (st->sent < pairs_per_batch &&
         st->sent - st->received < requests_in_flight) {
    self->request(server, st->timeout, ++st->sent).then([=](std::int64_t) {
      if (++st->received == pairs_per_batch) {
        st->done.set_value();
        self->quit();
        return;
      }
      ping_more(self, server, st);
    });
  }
}

caf::behavior echo(caf::event_based_actor *, std::int64_t) {
  return {[](std::int64_t x) { return x; }};
}

// Request/response pairs between two actors, pipelined like the job driver.
// timeout:1 gives each request a finite timeout, as the driver (and any
// client that must not wait forever) does; timeout:0 none, the raw rate.
void BM_caf_request_response(benchmark::State &state) {
  bench_config cfg;
  caf::actor_system sys{cfg};
  auto server = sys.spawn(echo, std::int64_t{0});
  cpu_meter cpu{state};
  for (auto _ : state) {
    auto st = std::make_shared<pinger_state>();
    st->timeout = state.range(0) != 0 ? caf::duration{reply_timeout}
                                      : caf::duration{caf::infinite};
    auto done = st->done.get_future();
    sys.spawn(ping_more, server, st);
    done.wait();
  }
  state.SetItemsProcessed(state.iterations() * pairs_per_batch);
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
}

BENCHMARK(BM_caf_spawn_and_exit)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_caf_request_response)
    ->ArgName("timeout")
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_noop_jobs)
    ->ArgName("workers")
    ->Arg(1)
    ->Arg(2)
    ->Arg(8)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_noop_jobs_untimed)
    ->ArgName("workers")
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_noop_jobs_backlog)
    ->ArgName("workers")
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_noop_jobs_awaited)
    ->ArgNames({"workers", "clients"})
    ->Args({2, 1})
    ->Args({2, 32})
    ->Args({2, 1000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pending_job_memory)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pending_job_memory_million)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_noop_job_one_at_a_time)
    ->ArgName("workers")
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

} // namespace
} // namespace orch

BENCHMARK_MAIN();
