#include "actors/fair_work_stealing.hpp"

#include <caf/actor_system.hpp>
#include <caf/scheduler/coordinator.hpp>

namespace caf::scheduler {

template <> void worker<orch::fair_work_stealing>::run() {
  CAF_SET_LOGGER_SYS(&system());
  for (;;) {
    auto job = policy_.dequeue(this);
    policy_.before_resume(this, job);
    auto res = job->resume(this, max_throughput_);
    policy_.after_resume(this, job);
    switch (res) {
    case resumable::resume_later:
      // The job keeps its reference: it stays in the loop.
      policy_.resume_job_later(this, job);
      break;
    case resumable::done:
      policy_.after_completion(this, job);
      intrusive_ptr_release(job);
      break;
    case resumable::awaiting_message:
      // Enqueued again (with a new reference) when a message arrives.
      intrusive_ptr_release(job);
      break;
    case resumable::shutdown_execution_unit:
      policy_.after_completion(this, job);
      policy_.before_shutdown(this);
      return;
    }
  }
}

} // namespace caf::scheduler
