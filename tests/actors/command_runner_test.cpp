#include "actors/command_runner.hpp"
#include "actors/output_tail.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace orch {
namespace {

using namespace std::chrono_literals;

constexpr auto max_wait = 10s;
constexpr int max_wait_ms = 10000;

command_spec spec_of(std::vector<std::string> argv) {
  command_spec spec;
  spec.argv = std::move(argv);
  return spec;
}

// Receives one outcome. The promise is shared with the handler so that a late
// call after a failed wait stays safe; a second call would throw and abort.
struct exit_probe {
  std::shared_ptr<std::promise<command_outcome>> promise =
      std::make_shared<std::promise<command_outcome>>();
  std::future<command_outcome> future = promise->get_future();

  command_runner::exit_handler handler() {
    return [p = promise](command_outcome o) { p->set_value(std::move(o)); };
  }
  std::optional<command_outcome> wait() {
    if (future.wait_for(max_wait) != std::future_status::ready)
      return std::nullopt;
    return future.get();
  }
};

std::optional<command_outcome> run(command_runner &runner, command_spec spec) {
  exit_probe probe;
  runner.start(std::move(spec), probe.handler());
  return probe.wait();
}

class temp_dir {
public:
  temp_dir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "orch-cmd-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    path_ = std::filesystem::canonical(pattern);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path &path() const { return path_; }

  // A FIFO through which a child can tell the test it reached a point.
  std::string make_fifo(const std::string &name) const {
    auto fifo = (path_ / name).string();
    if (::mkfifo(fifo.c_str(), 0600) != 0)
      throw std::runtime_error("mkfifo failed");
    return fifo;
  }

private:
  std::filesystem::path path_;
};

// A runner (SIGKILL `grace` after a cancel's SIGTERM) and a FIFO in a
// temporary folder, through which a command can tell the test it got going.
struct fifo_runner {
  explicit fifo_runner(
      const std::string &fifo_name,
      std::chrono::milliseconds grace = command_runner_options{}.kill_grace)
      : fifo(dir.make_fifo(fifo_name)), runner(with_grace(grace)) {}

  static command_runner_options with_grace(std::chrono::milliseconds grace) {
    command_runner_options options;
    options.kill_grace = grace;
    return options;
  }

  temp_dir dir;
  std::string fifo;
  command_runner runner;
};

// The first message a child writes into the FIFO, or "" after max_wait.
std::string read_fifo(const std::string &fifo) {
  unique_fd fd(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  pollfd p{fd.get(), POLLIN, 0};
  if (!fd || ::poll(&p, 1, max_wait_ms) != 1)
    return {};
  char buf[64];
  ssize_t n = ::read(fd.get(), buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

pid_t pid_from(const std::string &text) {
  return static_cast<pid_t>(std::strtol(text.c_str(), nullptr, 10));
}

// Waits on a pidfd, so it also works for processes that are not our children.
bool process_ends(pid_t pid) {
  unique_fd fd = open_pidfd(pid);
  if (!fd)
    return errno == ESRCH;
  pollfd p{fd.get(), POLLIN, 0};
  return ::poll(&p, 1, max_wait_ms) == 1;
}

bool reaped(pid_t pid) {
  return ::kill(pid, 0) != 0 && errno == ESRCH;
}

// Non-zombie members of a process group. Orphans are reaped by init, maybe
// late (or never in some containers), so zombies count as gone.
int live_processes_in_group(pid_t pgid) {
  int live = 0;
  std::error_code ec;
  for (const auto &entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos)
      continue;
    std::istringstream fields(line.substr(line.rfind(')') + 1));
    char state = 0;
    pid_t ppid = 0, pgrp = 0;
    if (fields >> state >> ppid >> pgrp && pgrp == pgid && state != 'Z')
      ++live;
  }
  return live;
}

std::string numbers(int count) {
  std::string out;
  for (int i = 1; i <= count; ++i)
    out += std::to_string(i) + "\n";
  return out;
}

TEST(CommandOutputTail, KeepsOnlyTheLastBytesAcrossWrapAround) {
  // A ring of 8 keeps the newest 8 bytes in order, however they arrive.
  output_tail tail(8);
  tail.append("abc");
  EXPECT_EQ(tail.str(), "abc");
  tail.append("defgh");
  EXPECT_EQ(tail.str(), "abcdefgh");
  tail.append("ijk");
  EXPECT_EQ(tail.str(), "defghijk");
  tail.append("lmnopqrstu");
  EXPECT_EQ(tail.str(), "nopqrstu");
  tail.append("v");
  EXPECT_EQ(tail.str(), "opqrstuv");
}

TEST(CommandRunner, ReportsExitCodes) {
  // Exit code 0 is success and a non-zero exit code is reported as such.
  command_runner runner;
  auto ok = run(runner, spec_of({"true"}));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->succeeded());
  EXPECT_EQ(ok->exit_code, 0);
  EXPECT_GT(ok->pid, 0);
  auto seven = run(runner, spec_of({"sh", "-c", "exit 7"}));
  ASSERT_TRUE(seven);
  EXPECT_FALSE(seven->succeeded());
  EXPECT_EQ(seven->exit_code, 7);
  EXPECT_EQ(seven->term_signal, 0);
  EXPECT_FALSE(seven->cancelled);
  EXPECT_TRUE(seven->error.empty());
}

TEST(CommandRunner, ReportsTheSignalThatKilledTheProcess) {
  // A process killed by a signal reports it and is not mistaken for cancel.
  command_runner runner;
  auto outcome = run(runner, spec_of({"sh", "-c", "kill -KILL $$"}));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->term_signal, SIGKILL);
  EXPECT_FALSE(outcome->cancelled);
  EXPECT_FALSE(outcome->succeeded());
}

TEST(CommandRunner, CapturesStdoutAndStderrSeparately) {
  // stdout and stderr land in their own tails.
  command_runner runner;
  auto outcome =
      run(runner, spec_of({"sh", "-c", "echo out; echo err >&2; echo out2"}));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->stdout_tail, "out\nout2\n");
  EXPECT_EQ(outcome->stderr_tail, "err\n");
}

TEST(CommandRunner, KeepsExactlyTheLast64KiBOfLargeOutput) {
  // Output far beyond a pipe buffer never blocks the child and only its last
  // 64 KiB are kept, byte for byte.
  command_runner runner;
  auto outcome = run(
      runner, spec_of({"sh", "-c", "seq 1 40000; seq 1 30000 >&2; exit 3"}));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->exit_code, 3);
  const std::size_t kib64 = 64 * 1024;
  std::string out = numbers(40000), err = numbers(30000);
  ASSERT_GT(out.size(), kib64);
  ASSERT_GT(err.size(), kib64);
  EXPECT_EQ(outcome->stdout_tail.size(), kib64);
  EXPECT_EQ(outcome->stdout_tail, out.substr(out.size() - kib64));
  EXPECT_EQ(outcome->stderr_tail.size(), kib64);
  EXPECT_EQ(outcome->stderr_tail, err.substr(err.size() - kib64));
}

TEST(CommandRunner, PassesEnvAndCwdButNotTheServerEnvironment) {
  // env reaches the child and overrides inherited values, cwd is honoured,
  // and server variables outside the inherited minimum do not leak.
  ::setenv("ORCH_CMD_TEST_PRIVATE", "secret", 1);
  temp_dir dir;
  {
    command_runner runner;
    auto spec = spec_of({"sh", "-c",
                         "printf '%s|%s|%s|' \"$FOO\" \"$HOME\" "
                         "\"${ORCH_CMD_TEST_PRIVATE-unset}\"; pwd -P"});
    spec.env = {{"FOO", "bar baz"}, {"HOME", "/nowhere"}};
    spec.cwd = dir.path().string();
    auto outcome = run(runner, spec);
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->stdout_tail,
              "bar baz|/nowhere|unset|" + dir.path().string() + "\n");
    EXPECT_TRUE(outcome->succeeded()) << outcome->stderr_tail;
  }
  ::unsetenv("ORCH_CMD_TEST_PRIVATE");
}

TEST(CommandRunner, SpawnFailuresAreErrorOutcomes) {
  // A missing program, a bad cwd or an empty argv give an error outcome and
  // leave the runner usable.
  command_runner runner;
  auto bad_cwd = spec_of({"true"});
  bad_cwd.cwd = "/nonexistent/orch-dir";
  for (const auto &spec :
       {spec_of({"orch-no-such-program"}), spec_of({"/nonexistent/prog"}),
        bad_cwd, spec_of({})}) {
    auto outcome = run(runner, spec);
    ASSERT_TRUE(outcome);
    EXPECT_FALSE(outcome->error.empty());
    EXPECT_FALSE(outcome->succeeded());
    EXPECT_EQ(outcome->pid, -1);
  }
  auto cwd_failure = run(runner, bad_cwd);
  ASSERT_TRUE(cwd_failure);
  EXPECT_NE(cwd_failure->error.find("/nonexistent/orch-dir"),
            std::string::npos);
  auto ok = run(runner, spec_of({"true"}));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->succeeded());
}

TEST(CommandRunner, CancelTerminatesASleepPromptly) {
  // Cancel of `sleep 60` ends it by SIGTERM long before it would finish and
  // leaves no process behind.
  command_runner runner;
  exit_probe probe;
  auto id = runner.start(spec_of({"sleep", "60"}), probe.handler());
  runner.cancel(id, "user asked");
  auto outcome = probe.wait();
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_EQ(outcome->cancel_reason, "user asked");
  EXPECT_EQ(outcome->term_signal, SIGTERM);
  EXPECT_FALSE(outcome->succeeded());
  ASSERT_GT(outcome->pid, 0);
  EXPECT_TRUE(reaped(outcome->pid));
  EXPECT_EQ(live_processes_in_group(outcome->pid), 0);
}

TEST(CommandRunner, CancelKillsTheWholeProcessGroup) {
  // Cancel of a shell reaches its child too: no orphan `sleep` survives.
  fifo_runner env{"started"};
  exit_probe probe;
  auto id = env.runner.start(
      spec_of({"sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", env.fifo}),
      probe.handler());
  pid_t sleeper = pid_from(read_fifo(env.fifo));
  ASSERT_GT(sleeper, 1);
  env.runner.cancel(id, "stop");
  auto outcome = probe.wait();
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_TRUE(reaped(outcome->pid));
  EXPECT_TRUE(process_ends(sleeper));
  EXPECT_EQ(live_processes_in_group(outcome->pid), 0);
}

TEST(CommandRunner, CancelEscalatesToSigkillAfterTheGracePeriod) {
  // A command that ignores SIGTERM is SIGKILLed once the grace period ends.
  fifo_runner env{"trapped", 200ms};
  exit_probe probe;
  // exec keeps the ignored disposition, so the sleep itself ignores SIGTERM.
  auto id = env.runner.start(spec_of({"sh", "-c",
                                      "trap '' TERM; echo ready > \"$0\"; "
                                      "exec sleep 60",
                                      env.fifo}),
                             probe.handler());
  ASSERT_EQ(read_fifo(env.fifo), "ready\n");
  env.runner.cancel(id, "stop");
  auto outcome = probe.wait();
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->cancelled);
  EXPECT_EQ(outcome->term_signal, SIGKILL);
  EXPECT_TRUE(reaped(outcome->pid));
}

TEST(CommandRunner, KillsDescendantsLeftBehindAtExit) {
  // A background child still running when the command exits is killed, and
  // does not delay the outcome.
  fifo_runner env{"started"};
  exit_probe probe;
  env.runner.start(
      spec_of({"sh", "-c", "sleep 60 & echo $! > \"$0\"; echo done", env.fifo}),
      probe.handler());
  pid_t sleeper = pid_from(read_fifo(env.fifo));
  ASSERT_GT(sleeper, 1);
  auto outcome = probe.wait();
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->succeeded());
  EXPECT_EQ(outcome->stdout_tail, "done\n");
  EXPECT_TRUE(process_ends(sleeper));
  EXPECT_EQ(live_processes_in_group(outcome->pid), 0);
}

TEST(CommandRunner, EscapedDescendantHoldingThePipesDoesNotBlockTheOutcome) {
  // A descendant that left the process group keeps the pipes open, yet the
  // outcome arrives after the grace period, not when that process ends.
  fifo_runner env{"escaped", 200ms};
  auto outcome =
      run(env.runner,
          spec_of({"sh", "-c",
                   "setsid sh -c 'echo $$ > \"$0\"; exec sleep 30' \"$0\" "
                   "& cat \"$0\"",
                   env.fifo}));
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->succeeded());
  pid_t escaped = pid_from(outcome->stdout_tail);
  ASSERT_GT(escaped, 1);
  EXPECT_EQ(::kill(escaped, 0), 0) << "the escaped process should still run";
  ::kill(escaped, SIGKILL);
}

std::size_t open_fds() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto &fd :
       std::filesystem::directory_iterator("/proc/self/fd"))
    ++count;
  return count;
}

TEST(CommandRunner, LeaksNoDescriptorsOrZombies) {
  // Every path (success, spawn failure, cancel, shutdown) closes its fds and
  // reaps its child.
  const std::size_t fds_before = open_fds();
  {
    command_runner runner;
    ASSERT_TRUE(run(runner, spec_of({"sh", "-c", "echo out; echo err >&2"})));
    ASSERT_TRUE(run(runner, spec_of({"orch-no-such-program"})));
    exit_probe cancelled;
    runner.cancel(runner.start(spec_of({"sleep", "60"}), cancelled.handler()),
                  "stop");
    ASSERT_TRUE(cancelled.wait());
    exit_probe at_shutdown;
    runner.start(spec_of({"sleep", "60"}), at_shutdown.handler());
  }
  EXPECT_EQ(open_fds(), fds_before);
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(CommandRunner, CancelOfUnknownOrFinishedCommandIsANoOp) {
  // Cancelling an unknown or finished id changes nothing and reports nothing.
  command_runner runner;
  exit_probe first;
  auto id = runner.start(spec_of({"true"}), first.handler());
  ASSERT_TRUE(first.wait());
  runner.cancel(id, "late");
  runner.cancel(id + 1000, "unknown");
  auto next = run(runner, spec_of({"true"}));
  ASSERT_TRUE(next);
  EXPECT_TRUE(next->succeeded());
}

TEST(CommandRunner, ManyConcurrentCommandsEachReportExactlyOnce) {
  // 200 commands started and half of them cancelled from 4 threads at once
  // each report exactly once, with their own result.
  constexpr int threads = 4, per_thread = 50, total = threads * per_thread;
  std::mutex mutex;
  std::condition_variable done;
  std::vector<int> calls(total, 0);
  std::vector<command_outcome> outcomes(total);
  int reported = 0;
  command_runner runner;
  auto starter = [&](int first) {
    for (int i = first; i < first + per_thread; ++i) {
      auto handler = [&, i](command_outcome o) {
        std::lock_guard lock(mutex);
        ++calls[i];
        outcomes[i] = std::move(o);
        if (++reported == total)
          done.notify_all();
      };
      if (i % 2 == 0) {
        runner.start(spec_of({"sh", "-c", "exit " + std::to_string(i % 7)}),
                     handler);
      } else {
        runner.cancel(runner.start(spec_of({"sleep", "60"}), handler), "x");
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(starter, t * per_thread);
  for (auto &thread : pool)
    thread.join();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(done.wait_for(lock, 30s, [&] { return reported == total; }));
  }
  runner.shutdown();
  for (int i = 0; i < total; ++i) {
    EXPECT_EQ(calls[i], 1) << i;
    if (i % 2 == 0)
      EXPECT_EQ(outcomes[i].exit_code, i % 7) << i;
    else
      EXPECT_TRUE(outcomes[i].cancelled && outcomes[i].term_signal == SIGTERM)
          << i;
  }
}

TEST(CommandRunner, ShutdownCancelsEverythingAndLeavesNoProcess) {
  // shutdown() reports every running command as cancelled, kills their whole
  // groups, and later starts are reported cancelled at once.
  fifo_runner env{"started"};
  std::vector<exit_probe> probes(3);
  env.runner.start(spec_of({"sleep", "60"}), probes[0].handler());
  env.runner.start(
      spec_of({"sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", env.fifo}),
      probes[1].handler());
  env.runner.start(spec_of({"sleep", "60"}), probes[2].handler());
  pid_t sleeper = pid_from(read_fifo(env.fifo));
  ASSERT_GT(sleeper, 1);
  env.runner.shutdown();
  for (auto &probe : probes) {
    ASSERT_EQ(probe.future.wait_for(0s), std::future_status::ready);
    auto outcome = probe.future.get();
    EXPECT_TRUE(outcome.cancelled);
    if (outcome.pid > 0) {
      EXPECT_TRUE(reaped(outcome.pid));
      EXPECT_EQ(live_processes_in_group(outcome.pid), 0);
    }
  }
  EXPECT_TRUE(process_ends(sleeper));
  exit_probe late;
  env.runner.start(spec_of({"true"}), late.handler());
  ASSERT_EQ(late.future.wait_for(0s), std::future_status::ready);
  EXPECT_TRUE(late.future.get().cancelled);
}

} // namespace
} // namespace orch
