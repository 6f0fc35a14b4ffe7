#include "api/hash_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace orch::api;

namespace {

// A count that jobs change and the test waits on; remembers its highest value.
class watched_count {
public:
  void add(int delta) {
    std::lock_guard<std::mutex> lock(mutex_);
    value_ += delta;
    highest_ = std::max(highest_, value_);
    changed_.notify_all();
  }
  void wait_for(int target) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return value_ == target; });
  }
  int highest() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return highest_;
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int value_ = 0;
  int highest_ = 0;
};

// Closed until opened; jobs wait at it so the test controls when they end.
class gate {
public:
  void open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    opened_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    opened_.wait(lock, [&] { return open_; });
  }

private:
  std::mutex mutex_;
  std::condition_variable opened_;
  bool open_ = false;
};

// A job that counts itself as running until the gate opens.
auto held_job(watched_count &running, gate &release, int value) {
  return [&running, &release, value] {
    running.add(1);
    release.wait();
    running.add(-1);
    return value;
  };
}

} // namespace

// With more jobs than threads, exactly `threads` run at once, the rest wait
// in the queue, and the running count never exceeds the cap.
TEST(HashPool, ConcurrencyNeverExceedsTheCap) {
  hash_pool pool({3, 100});
  watched_count running, finished;
  gate release;
  for (int i = 0; i < 30; ++i)
    ASSERT_EQ(pool.submit(held_job(running, release, i),
                          [&](std::optional<int>) { finished.add(1); }),
              submit_result::accepted);
  running.wait_for(3);
  EXPECT_EQ(pool.queued(), 27u);
  release.open();
  finished.wait_for(30);
  EXPECT_EQ(running.highest(), 3);
}

// When every thread is busy and the queue is full, submit answers
// `overloaded` and the refused job's callback is never called.
TEST(HashPool, FullQueueIsOverloaded) {
  hash_pool pool({1, 2});
  watched_count running, finished;
  gate release;
  auto count_done = [&](std::optional<int>) { finished.add(1); };
  ASSERT_EQ(pool.submit(held_job(running, release, 0), count_done),
            submit_result::accepted);
  running.wait_for(1);
  EXPECT_EQ(pool.submit(held_job(running, release, 1), count_done),
            submit_result::accepted);
  EXPECT_EQ(pool.submit(held_job(running, release, 2), count_done),
            submit_result::accepted);
  bool refused_called = false;
  EXPECT_EQ(pool.submit([] { return 3; },
                        [&](std::optional<int>) { refused_called = true; }),
            submit_result::overloaded);
  release.open();
  finished.wait_for(3);
  pool.shutdown();
  EXPECT_FALSE(refused_called);
}

// Every accepted job's result reaches its callback, once, computed on a pool
// thread rather than the submitter's; move-only callables are accepted.
TEST(HashPool, DeliversEveryResult) {
  hash_pool pool({2, 100});
  std::mutex mutex;
  std::vector<int> results;
  std::promise<void> all_done;
  auto submitter = std::this_thread::get_id();
  for (int i = 0; i < 50; ++i) {
    auto input = std::make_unique<int>(i);
    auto work = [input = std::move(input), submitter] {
      return std::this_thread::get_id() == submitter ? -1 : *input * *input;
    };
    auto done = [&](std::optional<int> square) {
      std::lock_guard<std::mutex> lock(mutex);
      results.push_back(square.value_or(-2));
      if (results.size() == 50)
        all_done.set_value();
    };
    ASSERT_EQ(pool.submit(std::move(work), done), submit_result::accepted);
  }
  all_done.get_future().wait();
  std::sort(results.begin(), results.end());
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(results[i], i * i);
}

// Shutdown cancels queued jobs at once (callback with nothing), refuses new
// ones, waits for the running job to finish with its result, then returns.
TEST(HashPool, ShutdownCancelsQueuedJobsAndFinishesRunningOnes) {
  hash_pool pool({1, 5});
  watched_count running, cancelled;
  gate release;
  std::optional<int> running_result;
  ASSERT_EQ(pool.submit(held_job(running, release, 7),
                        [&](std::optional<int> r) { running_result = r; }),
            submit_result::accepted);
  running.wait_for(1);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(pool.submit([] { return 0; },
                          [&](std::optional<int> r) {
                            EXPECT_FALSE(r);
                            cancelled.add(1);
                          }),
              submit_result::accepted);
  std::thread stopper([&] { pool.shutdown(); });
  cancelled.wait_for(3);
  EXPECT_EQ(pool.submit([] { return 0; }, [](std::optional<int>) {}),
            submit_result::stopped);
  release.open();
  stopper.join();
  EXPECT_EQ(running_result, 7);
  EXPECT_EQ(pool.queued(), 0u);
}
