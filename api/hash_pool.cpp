#include "api/hash_pool.hpp"

namespace orch::api {

hash_pool::hash_pool(hash_pool_settings settings) : settings_(settings) {
  threads_.reserve(settings_.threads);
  for (std::size_t i = 0; i < settings_.threads; ++i)
    threads_.emplace_back([this] { serve(); });
}

hash_pool::~hash_pool() {
  shutdown();
}

submit_result hash_pool::enqueue(queued_job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_)
      return submit_result::stopped;
    if (queue_.size() >= settings_.queue_capacity)
      return submit_result::overloaded;
    queue_.push_back(std::move(job));
  }
  job_ready_.notify_one();
  return submit_result::accepted;
}

void hash_pool::serve() {
  for (;;) {
    queued_job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      job_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // Once stopping, shutdown() has taken the queue: nothing left to run.
      if (queue_.empty())
        return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job.run();
  }
}

void hash_pool::shutdown() {
  std::lock_guard<std::mutex> one_at_a_time(shutdown_mutex_);
  std::deque<queued_job> cancelled;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    cancelled.swap(queue_);
  }
  job_ready_.notify_all();
  for (auto &job : cancelled)
    job.cancel();
  for (auto &thread : threads_)
    if (thread.joinable())
      thread.join();
}

std::size_t hash_pool::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

} // namespace orch::api
