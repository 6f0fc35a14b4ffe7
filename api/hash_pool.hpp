#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace orch::api {

// How many hashes may run at once (one thread each) and how many more may
// wait for a thread.
struct hash_pool_settings {
  std::size_t threads = 2;
  std::size_t queue_capacity = 64;
};

// What submit did with a job. `overloaded` (the queue is full) is what the
// REST layer answers 503 for; `stopped` means the pool is shutting down.
enum class submit_result { accepted, overloaded, stopped };

// Runs expensive jobs (Argon2id hashes and verifications) on threads of its
// own, never on CAF's or Pistache's, with at most `threads` running at once
// and at most `queue_capacity` waiting.
class hash_pool {
public:
  explicit hash_pool(hash_pool_settings settings = {});
  // Shuts down (see shutdown()).
  ~hash_pool();
  hash_pool(const hash_pool &) = delete;
  hash_pool &operator=(const hash_pool &) = delete;

  // Queues `work` (callable with no arguments, returning R, not throwing).
  // When accepted, `on_done` (callable with std::optional<R>) is called
  // exactly once: on a pool thread with work's result, or with nothing when
  // shutdown() cancels the job before it started. When refused, neither is
  // ever called. Either may be move-only.
  template <class Work, class Done>
  [[nodiscard]] submit_result submit(Work work, Done on_done);

  // Stops accepting jobs, cancels the queued ones (their on_done gets nothing,
  // on the calling thread), lets running jobs finish and joins the threads.
  // When it returns, every accepted job's on_done has returned. Idempotent;
  // must not be called from a job or an on_done.
  void shutdown();

  // Jobs accepted but not started yet.
  std::size_t queued() const;

private:
  // An accepted job, type-erased: `run` does the work and reports its
  // result; `cancel` reports that there is none.
  struct queued_job {
    std::function<void()> run;
    std::function<void()> cancel;
  };

  submit_result enqueue(queued_job job);
  void serve();

  hash_pool_settings settings_;
  std::mutex shutdown_mutex_; // one shutdown at a time
  mutable std::mutex mutex_;  // guards queue_ and stopping_
  std::condition_variable job_ready_;
  std::deque<queued_job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

template <class Work, class Done>
submit_result hash_pool::submit(Work work, Done on_done) {
  using result = std::invoke_result_t<Work &>;
  // Shared so the type-erased halves stay copyable for std::function.
  struct parts {
    Work work;
    Done on_done;
  };
  auto shared =
      std::make_shared<parts>(parts{std::move(work), std::move(on_done)});
  return enqueue(queued_job{
      [shared] { shared->on_done(std::optional<result>(shared->work())); },
      [shared] { shared->on_done(std::optional<result>()); }});
}

} // namespace orch::api
