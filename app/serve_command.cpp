#include "app/serve_command.hpp"

#include "actors/lean_clock.hpp"
#include "actors/scheduler_threads.hpp"
#include "actors/type_ids.hpp"
#include "api/api_routes.hpp"
#include "api/http_server.hpp"
#include "api/signing_key.hpp"
#include "app/database.hpp"
#include "app/operator_account.hpp"
#include "app/readiness.hpp"
#include "app/runtime.hpp"
#include "persistence/recovery.hpp"

#include <caf/all.hpp>
#include <curl/curl.h>

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

// A password no one has, hashed once, so logins for unknown emails verify
// against a real hash of the configured cost.
std::string dummy_hash(const api::password_hasher &hasher) {
  return hasher.hash("no account has this password").value_or("");
}

api::account_services_ptr
make_account_services(caf::actor_system &system, const runtime &actors,
                      std::shared_ptr<api::hash_pool> hashes,
                      std::string signing_key) {
  auto services = std::make_shared<api::account_services>();
  services->system = &system;
  services->registry = actors.registry;
  services->hashes = std::move(hashes);
  services->hasher = std::make_shared<const api::password_hasher>();
  api::authentication_settings auth;
  auth.key = std::move(signing_key);
  services->auth = std::make_shared<const api::authenticator>(std::move(auth));
  services->dummy_hash = dummy_hash(*services->hasher);
  return services;
}

std::shared_ptr<api::router>
make_routes(caf::actor_system &system, const runtime &actors,
            api::account_services_ptr services,
            std::shared_ptr<const api::request_timings> timings) {
  auto routes = std::make_shared<api::router>();
  api::route_context context{
      &system,        actors.supervisor, actors.reader,     services->auth,
      actor_deadline, actors.registry,   std::move(timings)};
  api::add_api_routes(
      *routes, context, std::move(services),
      database_readiness(system, actors.reader, readiness_timeout));
  return routes;
}

// What serve needs before the actors start: the signing key, and the first
// operator created. `error` is one line when it cannot go on.
struct account_setup {
  std::string signing_key;
  std::string error;
};

account_setup prepare_accounts(const config::options &options) {
  auto key = api::load_signing_key(options.jwt_key_file, options.data_dir);
  if (auto *error = std::get_if<api::key_error>(&key))
    return {"", error->message};
  if (auto failed =
          create_first_operator(options, config::from_process_environment()))
    return {"", *failed};
  return {std::move(std::get<std::string>(key)), ""};
}

void print_ready_line(const config::options &options, std::uint16_t port,
                      std::size_t recovered_jobs) {
  std::cout << "orchestrator ready: listening on http://" << options.listen.host
            << ":" << port << " (database "
            << persistence::redact_database_url(options.database_url) << ", "
            << options.workers << " workers, " << recovered_jobs
            << " unfinished jobs recovered)" << std::endl;
}

// Serves HTTP on the started runtime until SIGINT or SIGTERM, then stops
// accepting, lets in-flight requests finish, and stops the runtime.
int serve_until_stopped(caf::actor_system &system,
                        const config::options &options, runtime &actors,
                        std::string signing_key, std::size_t recovered_jobs) {
  auto hashes = std::make_shared<api::hash_pool>(api::hash_pool_settings{
      static_cast<std::size_t>(options.password_hash_threads), 1024});
  auto timings = std::make_shared<api::request_timings>();
  api::http_server server(
      make_routes(
          system, actors,
          make_account_services(system, actors, hashes, std::move(signing_key)),
          timings),
      {options.listen.host, options.listen.port, options.http_threads,
       options.max_request_bytes},
      timings);
  try {
    server.start();
  } catch (const std::exception &e) {
    std::cerr << "orchestrator: cannot listen on " << options.listen.host << ":"
              << options.listen.port << ": " << e.what() << "\n";
    hashes->shutdown();
    actors.stop(system, stop_grace);
    return 1;
  }
  print_ready_line(options, server.bound_port(), recovered_jobs);
  int sig = wait_for_stop_signal();
  std::cout << "orchestrator: " << strsignal(sig)
            << " received, finishing in-flight requests" << std::endl;
  server.shutdown();
  hashes->shutdown();
  actors.stop(system, stop_grace);
  std::cout << "orchestrator: stopped" << std::endl;
  return 0;
}

} // namespace

int serve(const config::options &options) {
  block_stop_signals();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  auto accounts = prepare_accounts(options);
  if (!accounts.error.empty()) {
    std::cerr << "orchestrator: " << accounts.error << "\n";
    return 1;
  }
  auto prepared = prepare_database(options.database_url);
  if (auto *error = std::get_if<std::string>(&prepared)) {
    std::cerr << "orchestrator: " << *error << "\n";
    return 1;
  }
  auto *database = &std::get<prepared_database>(prepared);
  const auto recovered_jobs = database->recovered.unfinished_jobs.size();
  caf::actor_system_config actor_config;
  register_runtime_types(actor_config);
  set_scheduler_threads(actor_config, options.actor_threads);
  use_lean_coordinator(actor_config);
  caf::actor_system system{actor_config};
  auto actors = start_runtime(system, options, database->target,
                              std::move(database->recovered));
  return serve_until_stopped(system, options, actors,
                             std::move(accounts.signing_key), recovered_jobs);
}

} // namespace orch::app
