#pragma once

#include <caf/policy/work_stealing.hpp>
#include <caf/resumable.hpp>
#include <caf/scheduler/worker.hpp>

namespace orch {

// CAF 0.17's work-stealing policy, but an actor woken by another actor goes
// to the back of the worker's queue, not the front. CAF puts it at the front
// (its next turn comes at once, a warm cache), so two actors that keep
// messaging each other run before everything older, indefinitely; only
// another thread stealing from the back ends that. On one scheduler thread
// there is no other thread: a client polling the supervisor starved every
// job (docs/DECISIONS.md). At the back, every queued actor runs before an
// actor woken after it, on any number of threads; it cost 2 to 5% of the
// job benchmarks' rate (BENCHMARKS.md).
struct fair_work_stealing : caf::policy::work_stealing {
  template <class Worker>
  void internal_enqueue(Worker *self, caf::resumable *job) {
    d(self).queue.append(job);
  }
};

} // namespace orch

namespace caf::scheduler {

// The worker loop of this policy: CAF's, without the logger bookkeeping.
// CAF 0.17's loop casts every actor it runs to find its id for the logger's
// thread-local "current actor" and sets it before and after each run, even
// though Debian's libcaf logs nothing (CAF_LOG_LEVEL_QUIET): 7% of a
// scheduler thread's time in the job benchmark (BENCHMARKS.md).
template <> void worker<orch::fair_work_stealing>::run();

} // namespace caf::scheduler
