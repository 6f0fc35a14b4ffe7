#include "app/serve_command.hpp"

#include "actors/type_ids.hpp"
#include "api/api_routes.hpp"
#include "api/http_server.hpp"
#include "api/job_routes.hpp"
#include "api/resource_routes.hpp"
#include "api/signing_key.hpp"
#include "api/supervisor_routes.hpp"
#include "app/database.hpp"
#include "app/readiness.hpp"
#include "app/runtime.hpp"
#include "persistence/recovery.hpp"

#include <caf/all.hpp>

#include <csignal>
#include <cstring>
#include <iostream>
#include <optional>

namespace orch::app {

namespace {

// How long /readyz waits for the database, and each step of the stop waits
// for the supervisor and then the snapshot writer.
constexpr std::chrono::milliseconds readiness_timeout{2000};
constexpr std::chrono::milliseconds stop_grace{10000};
// How long a request handler waits for the actors before answering 503.
constexpr std::chrono::milliseconds actor_deadline{5000};

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

std::shared_ptr<api::router>
make_routes(caf::actor_system &system, const runtime &actors,
            std::shared_ptr<const api::authenticator> auth) {
  auto routes = std::make_shared<api::router>();
  api::add_api_routes(
      *routes,
      {&system, actors.supervisor, actors.reader, std::move(auth),
       actor_deadline},
      database_readiness(system, actors.reader, readiness_timeout));
  return routes;
}

// The token verifier with the configured or generated signing key; nothing
// after one line on stderr.
std::shared_ptr<const api::authenticator>
make_authenticator(const config::options &options) {
  auto key = api::load_signing_key(options.jwt_key_file, options.data_dir);
  if (auto *error = std::get_if<api::key_error>(&key)) {
    std::cerr << "orchestrator: " << error->message << "\n";
    return nullptr;
  }
  api::authentication_settings settings;
  settings.key = std::get<std::string>(key);
  return std::make_shared<const api::authenticator>(std::move(settings));
}

void print_ready_line(const config::options &options, std::uint16_t port,
                      std::size_t recovered_jobs) {
  std::cout << "orchestrator ready: listening on http://" << options.listen.host
            << ":" << port << " (database "
            << persistence::redact_database_url(options.database_url) << ", "
            << options.workers << " workers, " << recovered_jobs
            << " unfinished jobs recovered)" << std::endl;
}

} // namespace

int serve(const config::options &options) {
  block_stop_signals();
  auto auth = make_authenticator(options);
  if (!auth)
    return 1;
  auto prepared = prepare_database(options.database_url);
  if (auto *error = std::get_if<std::string>(&prepared)) {
    std::cerr << "orchestrator: " << *error << "\n";
    return 1;
  }
  auto *database = &std::get<prepared_database>(prepared);
  const auto recovered_jobs = database->recovered.unfinished_jobs.size();
  caf::actor_system_config actor_config;
  register_runtime_types(actor_config);
  caf::actor_system system{actor_config};
  auto actors = start_runtime(system, options, database->target,
                              std::move(database->recovered));
  api::http_server server(make_routes(system, actors, std::move(auth)),
                          {options.listen.host, options.listen.port,
                           options.http_threads, options.max_request_bytes});
  try {
    server.start();
  } catch (const std::exception &e) {
    std::cerr << "orchestrator: cannot listen on " << options.listen.host << ":"
              << options.listen.port << ": " << e.what() << "\n";
    actors.stop(system, stop_grace);
    return 1;
  }
  print_ready_line(options, server.bound_port(), recovered_jobs);
  int sig = wait_for_stop_signal();
  std::cout << "orchestrator: " << strsignal(sig)
            << " received, finishing in-flight requests" << std::endl;
  server.shutdown();
  actors.stop(system, stop_grace);
  std::cout << "orchestrator: stopped" << std::endl;
  return 0;
}

} // namespace orch::app
