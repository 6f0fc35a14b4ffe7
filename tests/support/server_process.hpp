#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace orch::test {

// The orchestrator binary (or any program) as a real child process, its
// stdout and stderr merged and collected. The environment is the test's own
// minus every ORCH_* variable, plus `env`.
class server_process {
public:
  using duration = std::chrono::milliseconds;

  // `input`, when given, is what the process reads on stdin (then EOF);
  // otherwise stdin is the test's own.
  explicit server_process(std::vector<std::string> args,
                          std::map<std::string, std::string> env = {},
                          std::string program = ORCH_BINARY_PATH,
                          std::optional<std::string> input = std::nullopt);
  ~server_process();
  server_process(const server_process &) = delete;
  server_process &operator=(const server_process &) = delete;

  // Waits for the line announcing the listening address; false when the
  // process exited or the time ran out first.
  bool wait_ready(duration timeout = duration{20000});
  // Waits until `ready` holds for the output so far; false when the process
  // exited or the time ran out first.
  bool wait_output(const std::function<bool(const std::string &)> &ready,
                   duration timeout = duration{20000});
  std::uint16_t port() const { return port_; }
  std::string base_url() const;

  void signal(int sig) const;
  // The wait status once the process has exited, or nothing on time-out.
  std::optional<int> wait_exit(duration timeout = duration{20000});
  std::string output() const;
  pid_t pid() const { return pid_; }

private:
  void drain(int fd);

  pid_t pid_ = -1;
  std::optional<int> status_;
  std::uint16_t port_ = 0;
  std::string host_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;
  bool closed_ = false;
  std::thread reader_;
};

// Runs a program to its end and returns its exit code (or 128 + signal) and
// its merged output.
struct process_result {
  int exit_code;
  std::string output;
};
process_result run_to_end(std::vector<std::string> args,
                          std::map<std::string, std::string> env = {},
                          std::string program = ORCH_BINARY_PATH,
                          std::optional<std::string> input = std::nullopt);

} // namespace orch::test
