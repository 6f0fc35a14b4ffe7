#pragma once

#include <map>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace orch {

using environment = std::map<std::string, std::string>;

// What to run. argv[0] is looked up in the server's PATH unless it contains a
// slash; there is no shell.
struct command_spec {
  std::vector<std::string> argv;
  // Added to, or overriding, inherited_environment().
  environment env;
  // Empty: the server's working directory.
  std::string cwd;
};

// The few variables of the server's environment a command inherits; the rest
// (secrets, database URLs) stays private to the server.
environment inherited_environment();

// Sole owner of a file descriptor.
class unique_fd {
public:
  unique_fd() = default;
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  unique_fd(unique_fd &&other) noexcept : fd_(other.release()) {}
  unique_fd &operator=(unique_fd &&other) noexcept {
    reset(other.release());
    return *this;
  }
  ~unique_fd() { reset(); }

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset(int fd = -1) noexcept;

private:
  int fd_ = -1;
};

// A started child. It leads its own process group (pgid == pid), so signals
// sent to -pid reach its descendants too; stdin is /dev/null.
struct child_process {
  pid_t pid = -1;
  // Becomes readable when the child exits.
  unique_fd pidfd;
  // Our non-blocking read ends of its stdout and stderr.
  unique_fd out;
  unique_fd err;
};

struct spawn_result {
  child_process child;
  // Non-empty when nothing was started; nothing is left to clean up then.
  std::string error;
};

// Starts spec with the environment base + spec.env. Never throws for errors
// of the environment (missing program, bad cwd, fd limits): they come back in
// error.
spawn_result spawn_child(const command_spec &spec, const environment &base);

// A pidfd for pid (readable once it exits), or an invalid fd with errno set.
unique_fd open_pidfd(pid_t pid);

// Waits for the exited (or SIGKILLed) child pid; returns 0 and sets
// wait_status, or returns an errno value.
int reap_child(pid_t pid, int &wait_status);

} // namespace orch
