#include "actors/command_runner.hpp"

#include "actors/output_tail.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <variant>
#include <vector>

namespace orch {

namespace {

using steady = std::chrono::steady_clock;
using command_id = command_runner::command_id;
using exit_handler = command_runner::exit_handler;

const char *const shutdown_reason = "command runner shut down";

[[noreturn]] void fail(const char *what) {
  std::perror(what);
  std::abort();
}

struct start_request {
  command_id id;
  command_spec spec;
  exit_handler on_exit;
};

struct cancel_request {
  command_id id;
  std::string reason;
};

using request = std::variant<start_request, cancel_request>;

struct running_command {
  running_command(child_process c, exit_handler handler, std::size_t tail)
      : child(std::move(c)), out_tail(tail), err_tail(tail),
        on_exit(std::move(handler)) {}

  child_process child;
  output_tail out_tail;
  output_tail err_tail;
  exit_handler on_exit;
  bool cancelled = false;
  std::string cancel_reason;
  // SIGKILL was sent to the group.
  bool killed = false;
  // Reaped: wait_status (or error) is final; only the pipes remain.
  bool exited = false;
  int wait_status = 0;
  std::string error;
  // While running: when to SIGKILL. Once exited: when to stop waiting for
  // the pipes to close.
  std::optional<steady::time_point> deadline;
};

enum class source { wake, out, err, exit };

struct poll_target {
  running_command *command;
  source what;
};

command_outcome cancelled_outcome(std::string reason) {
  command_outcome outcome;
  outcome.cancelled = true;
  outcome.cancel_reason = std::move(reason);
  return outcome;
}

command_outcome outcome_of(running_command &cmd) {
  command_outcome outcome;
  outcome.pid = cmd.child.pid;
  outcome.cancelled = cmd.cancelled;
  outcome.cancel_reason = std::move(cmd.cancel_reason);
  outcome.stdout_tail = cmd.out_tail.str();
  outcome.stderr_tail = cmd.err_tail.str();
  outcome.error = std::move(cmd.error);
  if (outcome.error.empty() && WIFEXITED(cmd.wait_status))
    outcome.exit_code = WEXITSTATUS(cmd.wait_status);
  if (outcome.error.empty() && WIFSIGNALED(cmd.wait_status))
    outcome.term_signal = WTERMSIG(cmd.wait_status);
  return outcome;
}

// Only called before the leader is reaped: until then its pid stays
// allocated, so -pid cannot name somebody else's group.
void signal_group(running_command &cmd, int sig) {
  // ESRCH or EPERM: nothing is left that we may signal.
  ::kill(-cmd.child.pid, sig);
  if (sig == SIGKILL) {
    cmd.killed = true;
    cmd.deadline.reset();
  }
}

} // namespace

class command_runner::impl {
public:
  explicit impl(command_runner_options options);
  command_id submit(command_spec spec, exit_handler on_exit);
  void request_cancel(command_id id, std::string reason);
  void shutdown();

private:
  void wake_up();
  void run();
  std::vector<request> take_requests(bool &stop);
  void handle(start_request &req, bool stop);
  void handle(cancel_request &req, bool stop);
  void kill_all();
  void wait_for_events();
  void watch(const unique_fd &fd, running_command *cmd, source what);
  void dispatch(const poll_target &target);
  void read_pipe(unique_fd &fd, output_tail &tail);
  void on_exited(running_command &cmd);
  void expire_deadlines(steady::time_point now);
  void finish_completed();
  int next_timeout_ms() const;

  const command_runner_options options_;
  const environment base_env_;
  unique_fd wake_;

  std::mutex mutex_;
  std::vector<request> requests_;
  bool stopping_ = false;
  command_id next_id_ = 1;

  std::mutex join_mutex_;
  std::thread thread_;

  // Owned by the I/O thread.
  std::unordered_map<command_id, running_command> running_;
  std::vector<pollfd> pollfds_;
  std::vector<poll_target> targets_;
  std::vector<char> read_buf_ = std::vector<char>(64 * 1024);
};

command_runner::impl::impl(command_runner_options options)
    : options_(options), base_env_(inherited_environment()),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (!wake_)
    throw std::system_error(errno, std::system_category(), "eventfd");
  thread_ = std::thread([this] { run(); });
}

command_id command_runner::impl::submit(command_spec spec,
                                        exit_handler on_exit) {
  std::unique_lock lock(mutex_);
  command_id id = next_id_++;
  if (stopping_) {
    lock.unlock();
    on_exit(cancelled_outcome(shutdown_reason));
    return id;
  }
  requests_.emplace_back(
      start_request{id, std::move(spec), std::move(on_exit)});
  lock.unlock();
  wake_up();
  return id;
}

void command_runner::impl::request_cancel(command_id id, std::string reason) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_)
      return;
    requests_.emplace_back(cancel_request{id, std::move(reason)});
  }
  wake_up();
}

void command_runner::impl::shutdown() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_up();
  std::lock_guard lock(join_mutex_);
  if (thread_.joinable())
    thread_.join();
}

void command_runner::impl::wake_up() {
  // EAGAIN: the counter is saturated, so the thread is awake anyway.
  if (::eventfd_write(wake_.get(), 1) != 0 && errno != EAGAIN)
    fail("command_runner: eventfd_write");
}

void command_runner::impl::run() {
  for (;;) {
    bool stop = false;
    for (auto &req : take_requests(stop))
      std::visit([&](auto &r) { handle(r, stop); }, req);
    if (stop)
      kill_all();
    if (stop && running_.empty())
      return;
    wait_for_events();
    expire_deadlines(steady::now());
    finish_completed();
  }
}

std::vector<request> command_runner::impl::take_requests(bool &stop) {
  std::lock_guard lock(mutex_);
  stop = stopping_;
  return std::exchange(requests_, {});
}

void command_runner::impl::handle(start_request &req, bool stop) {
  if (stop) {
    req.on_exit(cancelled_outcome(shutdown_reason));
    return;
  }
  spawn_result spawned = spawn_child(req.spec, base_env_);
  if (!spawned.error.empty()) {
    command_outcome outcome;
    outcome.error = std::move(spawned.error);
    req.on_exit(std::move(outcome));
    return;
  }
  running_.try_emplace(req.id, std::move(spawned.child), std::move(req.on_exit),
                       options_.tail_bytes);
}

void command_runner::impl::handle(cancel_request &req, bool) {
  auto it = running_.find(req.id);
  if (it == running_.end() || it->second.exited || it->second.cancelled)
    return;
  running_command &cmd = it->second;
  cmd.cancelled = true;
  cmd.cancel_reason = std::move(req.reason);
  signal_group(cmd, SIGTERM);
  cmd.deadline = steady::now() + options_.kill_grace;
}

void command_runner::impl::kill_all() {
  for (auto &[id, cmd] : running_) {
    if (cmd.exited || cmd.killed)
      continue;
    if (!cmd.cancelled) {
      cmd.cancelled = true;
      cmd.cancel_reason = shutdown_reason;
    }
    signal_group(cmd, SIGKILL);
  }
}

void command_runner::impl::wait_for_events() {
  pollfds_.clear();
  targets_.clear();
  pollfds_.push_back({wake_.get(), POLLIN, 0});
  targets_.push_back({nullptr, source::wake});
  for (auto &[id, cmd] : running_) {
    watch(cmd.child.out, &cmd, source::out);
    watch(cmd.child.err, &cmd, source::err);
    watch(cmd.child.pidfd, &cmd, source::exit);
  }
  if (::poll(pollfds_.data(), pollfds_.size(), next_timeout_ms()) < 0) {
    // Transient: the loop simply polls again.
    if (errno == EINTR || errno == EAGAIN || errno == ENOMEM)
      return;
    fail("command_runner: poll");
  }
  for (std::size_t i = 0; i < pollfds_.size(); ++i)
    if (pollfds_[i].revents != 0)
      dispatch(targets_[i]);
}

void command_runner::impl::watch(const unique_fd &fd, running_command *cmd,
                                 source what) {
  if (!fd)
    return;
  pollfds_.push_back({fd.get(), POLLIN, 0});
  targets_.push_back({cmd, what});
}

void command_runner::impl::dispatch(const poll_target &target) {
  switch (target.what) {
  case source::wake: {
    eventfd_t ignored;
    ::eventfd_read(wake_.get(), &ignored);
    break;
  }
  case source::out:
    read_pipe(target.command->child.out, target.command->out_tail);
    break;
  case source::err:
    read_pipe(target.command->child.err, target.command->err_tail);
    break;
  case source::exit:
    on_exited(*target.command);
    break;
  }
}

void command_runner::impl::read_pipe(unique_fd &fd, output_tail &tail) {
  if (!fd)
    return;
  ssize_t n = ::read(fd.get(), read_buf_.data(), read_buf_.size());
  if (n > 0)
    tail.append({read_buf_.data(), static_cast<std::size_t>(n)});
  else if (n == 0 || (errno != EAGAIN && errno != EINTR))
    fd.reset();
}

void command_runner::impl::on_exited(running_command &cmd) {
  // Descendants left in the group would outlive their job part and keep the
  // pipes open.
  signal_group(cmd, SIGKILL);
  if (int rc = reap_child(cmd.child.pid, cmd.wait_status))
    cmd.error = "waitpid: " + std::system_category().message(rc);
  cmd.exited = true;
  cmd.child.pidfd.reset();
  cmd.deadline = steady::now() + options_.kill_grace;
}

void command_runner::impl::expire_deadlines(steady::time_point now) {
  for (auto &[id, cmd] : running_) {
    if (!cmd.deadline || *cmd.deadline > now)
      continue;
    cmd.deadline.reset();
    if (!cmd.exited) {
      signal_group(cmd, SIGKILL);
      continue;
    }
    // A process that left the group still holds the pipes: keep what is
    // buffered and stop waiting for it.
    read_pipe(cmd.child.out, cmd.out_tail);
    read_pipe(cmd.child.err, cmd.err_tail);
    cmd.child.out.reset();
    cmd.child.err.reset();
  }
}

void command_runner::impl::finish_completed() {
  for (auto it = running_.begin(); it != running_.end();) {
    running_command &cmd = it->second;
    if (!cmd.exited || cmd.child.out || cmd.child.err) {
      ++it;
      continue;
    }
    exit_handler on_exit = std::move(cmd.on_exit);
    command_outcome outcome = outcome_of(cmd);
    it = running_.erase(it);
    on_exit(std::move(outcome));
  }
}

int command_runner::impl::next_timeout_ms() const {
  std::optional<steady::time_point> next;
  for (const auto &[id, cmd] : running_)
    if (cmd.deadline && (!next || *cmd.deadline < *next))
      next = cmd.deadline;
  if (!next)
    return -1;
  // Rounded up, so that poll never returns just before the deadline and spins.
  auto left =
      std::chrono::ceil<std::chrono::milliseconds>(*next - steady::now());
  return static_cast<int>(
      std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, INT_MAX));
}

command_runner::command_runner(command_runner_options options)
    : impl_(std::make_unique<impl>(options)) {}

command_runner::~command_runner() {
  shutdown();
}

command_runner::command_id command_runner::start(command_spec spec,
                                                 exit_handler on_exit) {
  return impl_->submit(std::move(spec), std::move(on_exit));
}

void command_runner::cancel(command_id id, std::string reason) {
  impl_->request_cancel(id, std::move(reason));
}

void command_runner::shutdown() {
  impl_->shutdown();
}

} // namespace orch
