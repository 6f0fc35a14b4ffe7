#pragma once

#include "api/request_timings.hpp"
#include "api/router.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace orch::api {

struct http_server_settings {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080; // 0: the OS picks one; see bound_port()
  int threads = 2;
  // The largest body accepted; a larger one gets 413 (problem+json).
  std::size_t max_request_bytes = 1 << 20;
};

// The Pistache endpoint: dispatches each request through the router, turns
// unknown routes into 404 and wrong methods into 405 (problem+json), catches
// every exception at the boundary, times every routed request into
// `timings`, and shuts down gracefully.
class http_server {
public:
  http_server(std::shared_ptr<const router> routes,
              http_server_settings settings,
              std::shared_ptr<request_timings> timings);
  ~http_server();
  http_server(const http_server &) = delete;
  http_server &operator=(const http_server &) = delete;

  // Binds and starts serving on background threads; throws on bind errors.
  void start();
  std::uint16_t bound_port() const;

  // Refuses new requests (503), waits up to `grace_ms` for in-flight ones to
  // be answered, then stops the endpoint.
  void shutdown(int grace_ms = 10000);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace orch::api
