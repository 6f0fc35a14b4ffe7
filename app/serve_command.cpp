#include "app/serve_command.hpp"

#include "actors/type_ids.hpp"
#include "api/health_routes.hpp"
#include "api/http_server.hpp"
#include "app/runtime.hpp"

#include <caf/all.hpp>

#include <csignal>
#include <cstring>
#include <iostream>

namespace orch::app {

namespace {

// Waits for SIGINT or SIGTERM. The signals were blocked in every thread
// before any was started, so only this call receives them.
int wait_for_stop_signal() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  int received = 0;
  while (sigwait(&stop_signals, &received) != 0) {
  }
  return received;
}

void block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
}

std::shared_ptr<api::router> make_routes() {
  auto routes = std::make_shared<api::router>();
  api::add_health_routes(*routes, [] { return true; });
  return routes;
}

} // namespace

int serve(const config::options &options) {
  block_stop_signals();
  caf::actor_system_config actor_config;
  register_runtime_types(actor_config);
  caf::actor_system system{actor_config};
  auto actors = start_runtime(system, options);

  api::http_server server(make_routes(),
                          {options.listen.host, options.listen.port,
                           options.http_threads, options.max_request_bytes});
  try {
    server.start();
  } catch (const std::exception &e) {
    std::cerr << "orchestrator: cannot listen on " << options.listen.host << ":"
              << options.listen.port << ": " << e.what() << "\n";
    actors.stop();
    return 1;
  }
  std::cout << "orchestrator ready: listening on http://" << options.listen.host
            << ":" << server.bound_port() << " (database "
            << options.database_url << ", " << options.workers << " workers)"
            << std::endl;

  int sig = wait_for_stop_signal();
  std::cout << "orchestrator: " << strsignal(sig)
            << " received, finishing in-flight requests" << std::endl;
  server.shutdown();
  actors.stop();
  std::cout << "orchestrator: stopped" << std::endl;
  return 0;
}

} // namespace orch::app
