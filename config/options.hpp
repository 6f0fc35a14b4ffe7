#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace orch::config {

// Where the REST server listens. An IPv6 host is kept without its brackets
// ("::1"); format_listen_address() adds them back.
struct listen_address {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
};

// Everything `orchestrator serve`, `migrate` and `create-operator` read from
// flags, environment and config file (see option_table.hpp for the sources).
struct options {
  listen_address listen;
  std::string data_dir = "./data";
  // Derived from the final data_dir by load_options() unless set explicitly.
  std::string database_url = "sqlite:./data/orchestrator.db";
  int workers = 4;
  // Empty: the server generates a key in the data dir.
  std::string jwt_key_file;
  bool enable_command_tasks = false;
  // Empty: no webhook is called during provisioning.
  std::string provisioning_webhook;
  std::string log_level = "info";
  int http_threads = 2;
  // CAF scheduler threads; 0: one per core (at least 2).
  int actor_threads = 0;
  // How many password hashes (19 MiB each) may run at once.
  int password_hash_threads = 2;
  std::size_t max_request_bytes = 1048576;
  // Group commit: the most snapshots in one transaction, and how long a
  // batch may wait for more when the database is idle.
  int commit_max_batch = 5000;
  int commit_delay_ms = 0;
  // The most finished jobs kept in memory for lookups (the oldest leave
  // first); the database answers for the others.
  int retained_jobs = 100000;
};

} // namespace orch::config
