#pragma once

// Shared fixture for the actor tests: an actor system on CAF's deterministic
// test scheduler (no threads, no real time), a simulated clock, a generic
// `ask` that works without blocking, and recording actors that stand in for
// the listeners (supervisor, job) and for workers.

#include "actors/errors.hpp"
#include "actors/job_actor.hpp"
#include "actors/listeners.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/supervisor_actor.hpp"
#include "actors/type_ids.hpp"
#include "actors/worker_actor.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace orch::test {

using namespace std::chrono_literals;

// The simulated epoch: timestamps start here and advance with the test clock.
constexpr std::int64_t epoch_ms = 1'700'000'000'000;

// What a request answered: a value or an error, or nothing yet.
template <class T> struct reply {
  std::optional<T> value;
  caf::error error;
  bool answered = false;

  bool ok() const { return value.has_value(); }
  const T &operator*() const { return *value; }
  const T *operator->() const { return &*value; }
  // Whether the answer is the orch error `code`.
  bool is(orch_errc code) const { return !value && is_orch_error(error, code); }
};

// Everything a recording listener received, in order.
struct part_log {
  std::vector<part_report> reports;
};

struct worker_log {
  std::vector<worker_info> states;
  std::vector<worker_state> statuses() const {
    std::vector<worker_state> result;
    for (const auto &info : states)
      result.push_back(info.status);
    return result;
  }
};

struct job_transition {
  std::string job_id;
  std::string tenant_id;
  job_state from;
  job_state to;
};

struct job_log {
  std::vector<job_transition> transitions;
  std::vector<std::string> requeues;
};

// What a fake worker was asked to do.
struct fake_worker_log {
  std::vector<job_part> assigns;
  std::vector<std::pair<std::string, std::int32_t>> cancels;
  std::vector<caf::atom_value> order; // assign_atom / cancel_atom values
};

// Durable requests a fake writer answers at once, or keeps unanswered while
// `hold` is set until the test releases them.
struct held_commits {
  bool hold = false;
  std::vector<caf::typed_response_promise<caf::ok_atom>> held;

  template <class Self>
  caf::typed_response_promise<caf::ok_atom> answer(Self *self) {
    auto promise = self->template make_response_promise<caf::ok_atom>();
    if (hold)
      held.push_back(promise);
    else
      promise.deliver(caf::ok_atom::value);
    return promise;
  }

  void release() {
    for (auto &promise : held)
      promise.deliver(caf::ok_atom::value);
    held.clear();
  }
};

struct test_config : caf::actor_system_config {
  test_config() {
    set("scheduler.policy", caf::atom("testing"));
    set("logger.file-verbosity", caf::atom("quiet"));
    register_runtime_types(*this);
  }
};

inline task_spec noop_task() {
  return {};
}

inline task_spec sleep_task(std::int64_t ms) {
  task_spec task;
  task.kind = task_kind::sleep;
  task.sleep_ms = ms;
  return task;
}

inline task_spec fail_task(std::string message, bool retryable) {
  task_spec task;
  task.kind = task_kind::fail;
  task.fail_message = std::move(message);
  task.retryable = retryable;
  return task;
}

inline task_spec command_task(std::vector<std::string> argv) {
  task_spec task;
  task.kind = task_kind::command;
  task.argv = std::move(argv);
  return task;
}

inline job_spec spec_of(std::string tenant, task_spec task,
                        std::int32_t workers = 1) {
  job_spec spec;
  spec.tenant_id = std::move(tenant);
  spec.task_description = "test job";
  spec.required_workers = workers;
  spec.task = std::move(task);
  return spec;
}

inline job_part part_of(std::string job_id, task_spec task,
                        std::int32_t attempt = 1, std::int32_t index = 0,
                        std::int32_t count = 1) {
  job_part part;
  part.job_id = std::move(job_id);
  part.attempt = attempt;
  part.part_index = index;
  part.part_count = count;
  part.task = std::move(task);
  return part;
}

class actor_test : public ::testing::Test {
protected:
  actor_test()
      : sys_(cfg_), sched_(dynamic_cast<caf::scheduler::test_coordinator &>(
                        sys_.scheduler())) {
    // The destructor ends every actor; should a test leave one alive, LSan
    // reports it rather than the system waiting for it forever (no thread
    // runs the test scheduler during shutdown).
    sys_.await_actors_before_shutdown(false);
    auto *sched = &sched_;
    settings_->now_ms = [sched] { return sim_now_ms(*sched); };
    settings_->retention = std::chrono::hours(1);
  }

  // Ends every actor the test kept (a supervisor takes its jobs and workers
  // along), runs until they are gone, then drops the timers still pending
  // with the references they hold, so no actor cycle outlives the test.
  ~actor_test() override {
    for (const auto &handle : helpers_)
      caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
    helpers_.clear();
    run();
    sched_.clock().cancel_all();
    run();
  }

  static std::int64_t sim_now_ms(caf::scheduler::test_coordinator &sched) {
    auto since = sched.clock().now().time_since_epoch();
    return epoch_ms +
           std::chrono::duration_cast<std::chrono::milliseconds>(since).count();
  }

  // Settings may be changed until the first actor takes them.
  runtime_settings &mutable_settings() { return *settings_; }
  runtime_settings_ptr settings() const { return settings_; }

  std::int64_t now_ms() { return sim_now_ms(sched_); }

  // Runs every actor until no message is left. Returns the messages handled.
  std::size_t run() { return sched_.run(); }

  // Moves simulated time forward, fires the timers that came due and runs
  // until idle.
  void advance(std::chrono::milliseconds d) {
    sched_.clock().advance_time(d);
    run();
  }

  // Sends a request from a fresh helper actor; the answer appears in the
  // returned reply once the scheduler has run.
  template <class T, class Handle, class... Ts>
  std::shared_ptr<reply<T>> ask_later(const Handle &dest, Ts... xs) {
    auto out = std::make_shared<reply<T>>();
    helpers_.push_back(sys_.spawn([=](caf::event_based_actor *self) {
      self->request(dest, caf::infinite, xs...)
          .then(
              [=](T &x) {
                out->value = std::move(x);
                out->answered = true;
              },
              [=](caf::error &e) {
                out->error = std::move(e);
                out->answered = true;
              });
    }));
    return out;
  }

  // Asks and runs the scheduler until idle.
  template <class T, class Handle, class... Ts>
  reply<T> ask(const Handle &dest, Ts... xs) {
    auto out = ask_later<T>(dest, std::move(xs)...);
    run();
    EXPECT_TRUE(out->answered) << "no answer to a request";
    return *out;
  }

  // Asks, runs until idle and returns the actor that answered: a delegated
  // request is answered by the delegate, so this finds who really replied.
  template <class T, class Handle, class... Ts>
  caf::actor responder_of(const Handle &dest, Ts... xs) {
    auto out = std::make_shared<caf::actor>();
    helpers_.push_back(sys_.spawn([=](caf::event_based_actor *self) {
      auto keep = [=] {
        *out = caf::actor_cast<caf::actor>(self->current_sender());
      };
      self->request(dest, caf::infinite, xs...)
          .then([=](T &) { keep(); }, [=](caf::error &) { keep(); });
    }));
    run();
    return *out;
  }

  part_listener spawn_part_recorder(std::shared_ptr<part_log> log) {
    auto handle = sys_.spawn(
        [log](part_listener::pointer) -> part_listener::behavior_type {
          return {[log](part_done_atom, const part_report &report) {
            log->reports.push_back(report);
          }};
        });
    keep(handle);
    return handle;
  }

  worker_listener spawn_worker_recorder(std::shared_ptr<worker_log> log) {
    auto handle = sys_.spawn(
        [log](worker_listener::pointer) -> worker_listener::behavior_type {
          return {[log](worker_state_atom, const worker_info &info) {
            log->states.push_back(info);
          }};
        });
    keep(handle);
    return handle;
  }

  job_listener spawn_job_recorder(std::shared_ptr<job_log> log) {
    auto handle =
        sys_.spawn([log](job_listener::pointer) -> job_listener::behavior_type {
          return {
              [log](job_state_atom, const std::string &job_id,
                    const std::string &tenant, job_state from, job_state to) {
                log->transitions.push_back({job_id, tenant, from, to});
              },
              [log](requeue_atom, const std::string &job_id) {
                log->requeues.push_back(job_id);
              },
          };
        });
    keep(handle);
    return handle;
  }

  // A worker that only records what it is asked; it never reports.
  worker_actor spawn_fake_worker(std::string id,
                                 std::shared_ptr<fake_worker_log> log) {
    auto handle = sys_.spawn(
        [id, log](worker_actor::pointer self) -> worker_actor::behavior_type {
          auto info = [id] {
            worker_info w;
            w.worker_id = id;
            return w;
          };
          return {
              [log, self](assign_atom,
                          const job_part &part) -> caf::result<part_report> {
                log->assigns.push_back(part);
                log->order.push_back(assign_atom::value);
                // Never answered: the test reports parts to the job itself.
                return self->make_response_promise<part_report>();
              },
              [log](cancel_atom, const std::string &job, std::int32_t attempt) {
                log->cancels.emplace_back(job, attempt);
                log->order.push_back(cancel_atom::value);
              },
              [info](pause_atom) { return info(); },
              [info](resume_atom) { return info(); },
              [info](terminate_atom) { return info(); },
              [info](caf::get_atom) { return info(); },
              [](part_timer_atom, const std::string &, std::int32_t) {},
              [](command_exit_atom, const std::string &, std::int32_t,
                 const part_report &) {},
          };
        });
    keep(handle);
    return handle;
  }

  template <class Handle> void keep(const Handle &handle) {
    helpers_.push_back(caf::actor_cast<caf::actor>(handle));
  }

  // Whether the actor behind `handle` has ended, as the scheduler runs.
  template <class Handle> std::shared_ptr<bool> watch(const Handle &handle) {
    auto ended = std::make_shared<bool>(false);
    auto target = caf::actor_cast<caf::actor>(handle);
    keep(sys_.spawn([ended, target](caf::event_based_actor *self) {
      self->monitor(target);
      self->set_down_handler([ended, self](caf::down_msg &) {
        *ended = true;
        self->quit();
      });
      return caf::behavior{[](caf::ok_atom) {}};
    }));
    return ended;
  }

  caf::actor_system &system() { return sys_; }
  caf::scheduler::test_coordinator &sched() { return sched_; }

private:
  test_config cfg_;
  caf::actor_system sys_;
  caf::scheduler::test_coordinator &sched_;
  std::shared_ptr<runtime_settings> settings_ =
      std::make_shared<runtime_settings>();
  std::vector<caf::actor> helpers_;
};

// A supervisor with `workers` local workers, asked through its interface.
class supervisor_test : public actor_test {
protected:
  // Starts it with `options` (what a restart recovered, ...) and the test's
  // settings.
  void start_supervisor(std::int32_t workers, supervisor_options options = {}) {
    options.settings = settings();
    options.local_workers = workers;
    sup = spawn_supervisor(system(), std::move(options));
    keep(sup);
    run();
  }

  reply<job_info> submit(job_spec spec) {
    return ask<job_info>(sup, submit_atom::value, std::move(spec));
  }
  reply<job_info> get(const std::string &tenant, const std::string &job) {
    return ask<job_info>(sup, caf::get_atom::value, tenant, job);
  }
  reply<job_info> cancel(const std::string &tenant, const std::string &job) {
    return ask<job_info>(sup, cancel_atom::value, tenant, job);
  }
  // The job's current state; fails the test if it cannot be read.
  job_info job(const std::string &tenant, const std::string &id) {
    auto answer = get(tenant, id);
    EXPECT_TRUE(answer.ok()) << "job " << id;
    return answer.ok() ? *answer : job_info{};
  }
  std::vector<worker_info> workers() {
    auto answer = ask<std::vector<worker_info>>(sup, workers_atom::value);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? *answer : std::vector<worker_info>{};
  }
  worker_info worker(const std::string &id) {
    auto answer = ask<worker_info>(sup, workers_atom::value, id);
    EXPECT_TRUE(answer.ok()) << "worker " << id;
    return answer.ok() ? *answer : worker_info{};
  }
  supervisor_metrics metrics() {
    auto answer = ask<supervisor_metrics>(sup, metrics_atom::value);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? *answer : supervisor_metrics{};
  }
  tenant_usage usage(const std::string &tenant) {
    auto answer = ask<tenant_usage>(sup, usage_atom::value, tenant);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? *answer : tenant_usage{};
  }
  void set_quotas(const std::string &tenant, tenant_quotas quotas) {
    ASSERT_TRUE(
        ask<tenant_usage>(sup, quotas_atom::value, tenant, quotas).ok());
  }
  reply<allocation_info> allocate(const std::string &tenant, std::int32_t n) {
    return ask<allocation_info>(sup, allocate_atom::value, tenant, n);
  }
  reply<allocation_info> release(const std::string &tenant,
                                 const std::string &id) {
    return ask<allocation_info>(sup, release_atom::value, tenant, id);
  }

  supervisor_actor sup;
};

} // namespace orch::test
