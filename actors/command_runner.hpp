#pragma once

#include "actors/command_process.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>

namespace orch {

struct command_outcome {
  // Meaningful only when the process exited normally (term_signal == 0 and
  // error empty).
  int exit_code = -1;
  // The signal that ended the process, or 0.
  int term_signal = 0;
  bool cancelled = false;
  std::string cancel_reason;
  std::string stdout_tail;
  std::string stderr_tail;
  // Non-empty when the command could not be started or awaited.
  std::string error;
  // Also its process group id; -1 when no process was started.
  pid_t pid = -1;

  bool succeeded() const {
    return error.empty() && !cancelled && term_signal == 0 && exit_code == 0;
  }
};

struct command_runner_options {
  // From SIGTERM to SIGKILL on cancel. Also how long pipes are still read
  // after the process exited, should a descendant that left its process
  // group keep them open.
  std::chrono::milliseconds kill_grace{2000};
  // How much of the end of stdout and of stderr is kept.
  std::size_t tail_bytes = 64 * 1024;
};

// Runs commands as child processes, all watched by one dedicated I/O thread,
// so callers (actors) never block. Every command leads its own process group;
// when it exits, what is left of its group is killed.
class command_runner {
public:
  using command_id = std::uint64_t;
  // Runs on the runner's thread; must not throw and must not destroy the
  // runner or call shutdown().
  using exit_handler = std::function<void(command_outcome)>;

  // Throws std::system_error when its eventfd or thread cannot be created.
  explicit command_runner(command_runner_options options = {});
  // Calls shutdown().
  ~command_runner();
  command_runner(const command_runner &) = delete;
  command_runner &operator=(const command_runner &) = delete;

  // Returns at once; the process is spawned on the runner's thread. on_exit
  // is called exactly once, after the process exited and its pipes were
  // drained, or with error set when it could not start. After shutdown() it
  // is called right here, cancelled.
  command_id start(command_spec spec, exit_handler on_exit);

  // SIGTERM to the command's process group, SIGKILL after kill_grace. A no-op
  // for unknown or finished commands.
  void cancel(command_id id, std::string reason);

  // SIGKILLs every running command, reports each as cancelled, and joins the
  // thread. Idempotent; safe from any thread but the runner's own.
  void shutdown();

private:
  class impl;
  std::unique_ptr<impl> impl_;
};

} // namespace orch
