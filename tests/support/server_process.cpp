#include "tests/support/server_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <stdexcept>

extern char **environ;

namespace orch::test {

namespace {

std::vector<std::string>
child_environment(const std::map<std::string, std::string> &overrides) {
  std::vector<std::string> result;
  for (char **e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, "ORCH_", 5) != 0)
      result.emplace_back(*e);
  for (const auto &[name, value] : overrides)
    result.push_back(name + "=" + value);
  return result;
}

std::vector<char *> pointers(std::vector<std::string> &strings) {
  std::vector<char *> result;
  for (auto &s : strings)
    result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace

server_process::server_process(std::vector<std::string> args,
                               std::map<std::string, std::string> env,
                               std::string program,
                               std::optional<std::string> input) {
  int fds[2];
  int in[2] = {-1, -1};
  if (pipe2(fds, O_CLOEXEC) != 0 || (input && pipe2(in, O_CLOEXEC) != 0))
    throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  if (input)
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  args.insert(args.begin(), program);
  auto argv = pointers(args);
  auto env_strings = child_environment(env);
  auto envp = pointers(env_strings);
  int rc = posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(),
                       envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (input) {
    close(in[0]);
    // Small inputs only: they fit the pipe, so this never blocks.
    auto written = write(in[1], input->data(), input->size());
    static_cast<void>(written);
    close(in[1]);
  }
  if (rc != 0) {
    close(fds[0]);
    throw std::runtime_error("cannot start " + program + ": " +
                             std::strerror(rc));
  }
  reader_ = std::thread([this, fd = fds[0]] { drain(fd); });
}

// A process still running is stopped the way operators stop the server
// (SIGTERM: it drains and exits, so a coverage build writes its counts);
// one that does not exit within 10 s is killed.
server_process::~server_process() {
  if (!status_) {
    ::kill(pid_, SIGTERM);
    if (!wait_exit(duration{10000})) {
      ::kill(pid_, SIGKILL);
      wait_exit(duration{10000});
    }
  }
  if (reader_.joinable())
    reader_.join();
}

void server_process::drain(int fd) {
  char buffer[4096];
  for (;;) {
    auto n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    std::lock_guard<std::mutex> guard(mutex_);
    if (n <= 0) {
      closed_ = true;
      changed_.notify_all();
      break;
    }
    output_.append(buffer, static_cast<size_t>(n));
    changed_.notify_all();
  }
  close(fd);
}

namespace {

// Finds "listening on http://HOST:PORT" in the output so far.
bool parse_ready_line(const std::string &output, std::string &host,
                      std::uint16_t &port) {
  const std::string marker = "listening on http://";
  auto start = output.find(marker);
  if (start == std::string::npos)
    return false;
  start += marker.size();
  auto end = output.find_first_of(" \n", start);
  if (end == std::string::npos)
    return false;
  auto address = output.substr(start, end - start);
  auto colon = address.rfind(':');
  if (colon == std::string::npos)
    return false;
  host = address.substr(0, colon);
  port = static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1)));
  return true;
}

} // namespace

bool server_process::wait_ready(duration timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool found = false;
  changed_.wait_for(lock, timeout, [&] {
    found = parse_ready_line(output_, host_, port_);
    return found || closed_;
  });
  return found;
}

bool server_process::wait_output(
    const std::function<bool(const std::string &)> &ready, duration timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  bool found = false;
  changed_.wait_for(lock, timeout, [&] {
    found = ready(output_);
    return found || closed_;
  });
  return found;
}

std::string server_process::base_url() const {
  return "http://" + host_ + ":" + std::to_string(port_);
}

void server_process::signal(int sig) const {
  ::kill(pid_, sig);
}

std::optional<int> server_process::wait_exit(duration timeout) {
  if (status_)
    return status_;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [this] { return closed_; }))
      return std::nullopt;
  }
  // The output closed, so the process has exited or closed both streams.
  int status = 0;
  if (waitpid(pid_, &status, 0) == pid_)
    status_ = status;
  return status_;
}

std::string server_process::output() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return output_;
}

process_result run_to_end(std::vector<std::string> args,
                          std::map<std::string, std::string> env,
                          std::string program,
                          std::optional<std::string> input) {
  server_process process(std::move(args), std::move(env), std::move(program),
                         std::move(input));
  auto status = process.wait_exit();
  if (!status)
    throw std::runtime_error("process did not end: " + process.output());
  return {exit_code_of(*status), process.output()};
}

} // namespace orch::test
