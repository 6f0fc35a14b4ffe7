#include "tests/support/webhook_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace orch::test {

namespace {

// Reads one request (headers, then Content-Length bytes of body); returns
// the body, or nothing when the peer closed first.
bool read_request(int fd, std::string &body) {
  std::string data;
  char buffer[4096];
  std::size_t header_end = std::string::npos;
  std::size_t length = 0;
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        auto at = data.find("Content-Length:");
        if (at == std::string::npos)
          at = data.find("content-length:");
        if (at != std::string::npos && at < header_end)
          length = std::stoul(data.substr(at + 15));
      }
    }
    if (header_end != std::string::npos &&
        data.size() >= header_end + 4 + length) {
      body = data.substr(header_end + 4, length);
      return true;
    }
    auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0)
      return false;
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

void write_status(int fd, int status) {
  auto response = "HTTP/1.1 " + std::to_string(status) +
                  " Webhook\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
}

} // namespace

webhook_server::webhook_server(int status) : status_(status) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (listen_fd_ < 0 ||
      ::bind(listen_fd_, reinterpret_cast<sockaddr *>(&address), size) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr *>(&address),
                    &size) != 0)
    throw std::runtime_error("webhook_server: cannot listen");
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

webhook_server::~webhook_server() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  for (auto &connection : connections_)
    connection.join();
}

std::string webhook_server::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/tenants";
}

void webhook_server::respond_with(int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  status_ = status;
}

void webhook_server::hold() {
  std::lock_guard<std::mutex> lock(mutex_);
  holding_ = true;
}

void webhook_server::release(int status) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    holding_ = false;
    status_ = status;
    ++releases_;
  }
  changed_.notify_all();
}

bool webhook_server::wait_for_requests(std::size_t count,
                                       std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout,
                           [&] { return bodies_.size() >= count; });
}

std::vector<std::string> webhook_server::bodies() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bodies_;
}

void webhook_server::accept_loop() {
  for (;;) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0)
      return;
    std::lock_guard<std::mutex> lock(mutex_);
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void webhook_server::serve(int fd) {
  std::string body;
  if (read_request(fd, body)) {
    std::unique_lock<std::mutex> lock(mutex_);
    bodies_.push_back(body);
    changed_.notify_all();
    auto seen = releases_;
    if (holding_)
      changed_.wait(lock, [&] { return stopping_ || releases_ != seen; });
    auto status = status_;
    lock.unlock();
    write_status(fd, status);
  }
  ::close(fd);
}

} // namespace orch::test
