#include "actors/command_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

namespace orch {

namespace {

std::string describe(const std::string &what, int err) {
  return what + ": " + std::system_category().message(err);
}

spawn_result failure(std::string error) {
  spawn_result result;
  result.error = std::move(error);
  return result;
}

bool has_nul(const std::string &s) {
  return s.find('\0') != std::string::npos;
}

// exec would silently cut strings at a NUL byte and misread a '=' in a name.
std::string validate(const command_spec &spec) {
  if (spec.argv.empty())
    return "argv is empty";
  for (const auto &arg : spec.argv)
    if (has_nul(arg))
      return "argv contains a NUL byte";
  for (const auto &[name, value] : spec.env)
    if (name.empty() || name.find('=') != std::string::npos || has_nul(name) ||
        has_nul(value))
      return "invalid environment variable name or value: " + name;
  if (has_nul(spec.cwd))
    return "cwd contains a NUL byte";
  return {};
}

struct output_pipe {
  unique_fd read;
  unique_fd write;
};

// Returns 0 or an errno value.
int make_output_pipe(output_pipe &pipe) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return errno;
  pipe.read.reset(fds[0]);
  pipe.write.reset(fds[1]);
  // Only our end: the child must block on a full pipe, not fail with EAGAIN.
  int flags = ::fcntl(fds[0], F_GETFL);
  if (flags < 0 || ::fcntl(fds[0], F_SETFL, flags | O_NONBLOCK) != 0)
    return errno;
  return 0;
}

class file_actions {
public:
  file_actions() : init_rc_(posix_spawn_file_actions_init(&actions_)) {}
  ~file_actions() {
    if (init_rc_ == 0)
      posix_spawn_file_actions_destroy(&actions_);
  }
  file_actions(const file_actions &) = delete;
  file_actions &operator=(const file_actions &) = delete;

  const posix_spawn_file_actions_t *get() const { return &actions_; }

  // Returns 0 or an errno value. The dup2s come first so that a pipe end that
  // landed on fd 0 is duplicated before stdin replaces it.
  int build(const command_spec &spec, int out, int err) {
    int rc = init_rc_;
    if (rc == 0)
      rc = posix_spawn_file_actions_adddup2(&actions_, out, STDOUT_FILENO);
    if (rc == 0)
      rc = posix_spawn_file_actions_adddup2(&actions_, err, STDERR_FILENO);
    if (rc == 0)
      rc = posix_spawn_file_actions_addopen(&actions_, STDIN_FILENO,
                                            "/dev/null", O_RDONLY, 0);
    if (rc == 0 && !spec.cwd.empty())
      rc = posix_spawn_file_actions_addchdir_np(&actions_, spec.cwd.c_str());
    // Other threads may open descriptors without O_CLOEXEC.
    if (rc == 0)
      rc = posix_spawn_file_actions_addclosefrom_np(&actions_,
                                                    STDERR_FILENO + 1);
    return rc;
  }

private:
  posix_spawn_file_actions_t actions_;
  int init_rc_;
};

class spawn_attributes {
public:
  spawn_attributes() : init_rc_(posix_spawnattr_init(&attr_)) {}
  ~spawn_attributes() {
    if (init_rc_ == 0)
      posix_spawnattr_destroy(&attr_);
  }
  spawn_attributes(const spawn_attributes &) = delete;
  spawn_attributes &operator=(const spawn_attributes &) = delete;

  const posix_spawnattr_t *get() const { return &attr_; }

  // Returns 0 or an errno value. Its own process group makes the whole tree
  // killable; signal dispositions and the mask are reset because the server
  // may ignore SIGPIPE or block signals on its threads, and both would be
  // inherited across exec.
  int build() {
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    int rc = init_rc_;
    if (rc == 0)
      rc = posix_spawnattr_setflags(&attr_, POSIX_SPAWN_SETPGROUP |
                                                POSIX_SPAWN_SETSIGDEF |
                                                POSIX_SPAWN_SETSIGMASK);
    if (rc == 0)
      rc = posix_spawnattr_setpgroup(&attr_, 0);
    if (rc == 0)
      rc = posix_spawnattr_setsigdefault(&attr_, &all);
    if (rc == 0)
      rc = posix_spawnattr_setsigmask(&attr_, &none);
    return rc;
  }

private:
  posix_spawnattr_t attr_;
  int init_rc_;
};

// exec wants NULL-terminated arrays of mutable C strings; strings must
// outlive the result.
std::vector<char *> pointers_to(std::vector<std::string> &strings) {
  std::vector<char *> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto &s : strings)
    pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

std::vector<std::string> env_entries(const environment &base,
                                     const environment &overrides) {
  environment merged = overrides;
  merged.insert(base.begin(), base.end());
  std::vector<std::string> entries;
  entries.reserve(merged.size());
  for (const auto &[name, value] : merged)
    entries.push_back(name + "=" + value);
  return entries;
}

// posix_spawn reports a failed chdir and a missing program alike (ENOENT);
// look at cwd again to tell the user which one it was.
std::string describe_spawn_failure(const command_spec &spec, int err) {
  struct stat st;
  if (!spec.cwd.empty() &&
      (::stat(spec.cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)))
    return describe("cannot change to directory \"" + spec.cwd + "\"", err);
  return describe("cannot run \"" + spec.argv[0] + "\"", err);
}

spawn_result supervise(pid_t pid, output_pipe &out, output_pipe &err) {
  unique_fd pidfd = open_pidfd(pid);
  if (!pidfd) {
    int open_error = errno;
    // Without a pidfd its exit cannot be awaited; do not leave it unwatched.
    ::kill(-pid, SIGKILL);
    int status = 0;
    reap_child(pid, status);
    return failure(describe("pidfd_open", open_error));
  }
  spawn_result result;
  result.child.pid = pid;
  result.child.pidfd = std::move(pidfd);
  result.child.out = std::move(out.read);
  result.child.err = std::move(err.read);
  return result;
}

} // namespace

void unique_fd::reset(int fd) noexcept {
  // Linux closes the descriptor even when close fails (EINTR included), so a
  // retry could close someone else's.
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = fd;
}

environment inherited_environment() {
  static const char *const names[] = {"PATH", "HOME",   "USER", "LOGNAME",
                                      "LANG", "LC_ALL", "TZ",   "TMPDIR"};
  environment env;
  for (const char *name : names)
    if (const char *value = std::getenv(name))
      env[name] = value;
  env.try_emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  return env;
}

spawn_result spawn_child(const command_spec &spec, const environment &base) {
  if (auto invalid = validate(spec); !invalid.empty())
    return failure(std::move(invalid));
  output_pipe out, err;
  if (int rc = make_output_pipe(out))
    return failure(describe("pipe", rc));
  if (int rc = make_output_pipe(err))
    return failure(describe("pipe", rc));
  file_actions actions;
  if (int rc = actions.build(spec, out.write.get(), err.write.get()))
    return failure(describe("posix_spawn_file_actions", rc));
  spawn_attributes attributes;
  if (int rc = attributes.build())
    return failure(describe("posix_spawnattr", rc));
  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = env_entries(base, spec.env);
  pid_t pid = -1;
  int rc =
      ::posix_spawnp(&pid, args[0].c_str(), actions.get(), attributes.get(),
                     pointers_to(args).data(), pointers_to(env).data());
  if (rc != 0)
    return failure(describe_spawn_failure(spec, rc));
  return supervise(pid, out, err);
}

unique_fd open_pidfd(pid_t pid) {
  // Not glibc's pidfd_open: its 2.36 header lacks extern "C", so C++ cannot
  // link against it.
  return unique_fd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
}

int reap_child(pid_t pid, int &wait_status) {
  while (::waitpid(pid, &wait_status, 0) < 0)
    if (errno != EINTR)
      return errno;
  return 0;
}

} // namespace orch
