#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace orch::test {

// A local HTTP endpoint standing in for a provisioning webhook: every POST
// is recorded and answered with the configured status, or, while holding,
// kept waiting until release(). Tests block on wait_for_requests() instead
// of polling the server under test.
class webhook_server {
public:
  // Listens on 127.0.0.1 on a port the OS picks; answers `status`.
  explicit webhook_server(int status = 200);
  // Releases held requests and stops.
  ~webhook_server();
  webhook_server(const webhook_server &) = delete;
  webhook_server &operator=(const webhook_server &) = delete;

  std::string url() const;

  // Requests arriving from now on are answered with `status`.
  void respond_with(int status);
  // Requests arriving from now on wait until release().
  void hold();
  // Answers the waiting requests (and later ones) with `status`.
  void release(int status = 200);

  // Waits until `count` requests arrived; false on time-out.
  bool wait_for_requests(
      std::size_t count,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(30000));
  // The bodies of the requests so far, in arrival order.
  std::vector<std::string> bodies() const;

private:
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int status_;
  bool holding_ = false;
  bool stopping_ = false;
  std::uint64_t releases_ = 0;
  std::vector<std::string> bodies_;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

} // namespace orch::test
