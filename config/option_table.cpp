#include "config/option_table.hpp"

#include <algorithm>

namespace orch::config {
namespace {

using apply_result = std::optional<invalid_value>;

template <typename Field, typename Value>
apply_result assign(Field &field, parsed<Value> value) {
  if (auto *invalid = std::get_if<invalid_value>(&value)) {
    return *invalid;
  }
  // The parsers range-check, so the conversion cannot lose anything.
  field = static_cast<Field>(std::get<Value>(value));
  return std::nullopt;
}

apply_result assign_if_valid(std::string &field, std::string_view text,
                             apply_result problem) {
  if (!problem) {
    field = std::string(text);
  }
  return problem;
}

apply_result check_not_empty(std::string_view text) {
  if (text.empty()) {
    return invalid_value{"must not be empty"};
  }
  return std::nullopt;
}

// clang-format off
constexpr option_spec all_options[] = {
  {"config", "ORCH_CONFIG", "FILE", "",
   "config file of `key = value` lines", option_kind::config_path, nullptr},
  {"listen", "ORCH_LISTEN", "HOST:PORT", "127.0.0.1:8080",
   "address to listen on; port 0 lets the OS pick", option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.listen, parse_listen_address(t)); }},
  {"data-dir", "ORCH_DATA_DIR", "DIR", "./data",
   "data directory, created if missing", option_kind::value,
   [](std::string_view t, options& o) {
     return assign_if_valid(o.data_dir, t, check_not_empty(t)); }},
  {"database", "ORCH_DATABASE_URL", "URL", "sqlite:DATA_DIR/orchestrator.db",
   "sqlite:PATH, postgresql://... or postgres://...", option_kind::value,
   [](std::string_view t, options& o) {
     return assign_if_valid(o.database_url, t, check_database_url(t)); }},
  {"workers", "ORCH_WORKERS", "N", "4",
   "local worker actors, 1..1024", option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.workers, parse_whole_number(t, 1, 1024)); }},
  {"jwt-key-file", "ORCH_JWT_KEY_FILE", "FILE", "",
   "token signing key; if unset, one is generated in the data dir", option_kind::value,
   [](std::string_view t, options& o) {
     return assign_if_valid(o.jwt_key_file, t, std::nullopt); }},
  {"enable-command-tasks", "ORCH_ENABLE_COMMAND_TASKS", "BOOL", "false",
   "allow shell-command jobs (env/file: 1/0/true/false/yes/no/on/off)",
   option_kind::boolean_switch,
   [](std::string_view t, options& o) {
     return assign(o.enable_command_tasks, parse_boolean(t)); }},
  {"provisioning-webhook", "ORCH_PROVISIONING_WEBHOOK", "URL", "",
   "http(s) URL called to provision tenants", option_kind::value,
   [](std::string_view t, options& o) {
     return assign_if_valid(o.provisioning_webhook, t,
                            check_webhook_url(t)); }},
  {"log-level", "ORCH_LOG_LEVEL", "LEVEL", "info",
   "error, warning, info or debug", option_kind::value,
   [](std::string_view t, options& o) {
     return assign_if_valid(o.log_level, t, check_log_level(t)); }},
  {"http-threads", "ORCH_HTTP_THREADS", "N", "2",
   "HTTP server threads, 1..64", option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.http_threads, parse_whole_number(t, 1, 64)); }},
  {"actor-threads", "ORCH_ACTOR_THREADS", "N", "0",
   "actor scheduler threads, 1..64; 0: half the cores, at least 1",
   option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.actor_threads, parse_whole_number(t, 0, 64)); }},
  {"password-hash-threads", "ORCH_PASSWORD_HASH_THREADS", "N", "2",
   "password hashes run at once (19 MiB each), 1..64", option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.password_hash_threads, parse_whole_number(t, 1, 64)); }},
  {"max-request-bytes", "ORCH_MAX_REQUEST_BYTES", "N", "1048576",
   "largest accepted request body, 1024..67108864", option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.max_request_bytes,
                   parse_whole_number(t, 1024, 67108864)); }},
  {"commit-max-batch", "ORCH_COMMIT_MAX_BATCH", "N", "5000",
   "most snapshots in one database transaction, 1..1000000", option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.commit_max_batch, parse_whole_number(t, 1, 1000000)); }},
  {"commit-delay-ms", "ORCH_COMMIT_DELAY_MS", "MS", "0",
   "longest wait for more snapshots when the database is idle, 0..10000",
   option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.commit_delay_ms, parse_whole_number(t, 0, 10000)); }},
  {"retained-jobs", "ORCH_RETAINED_JOBS", "N", "100000",
   "most finished jobs kept in memory for lookups, 0..10000000",
   option_kind::value,
   [](std::string_view t, options& o) {
     return assign(o.retained_jobs, parse_whole_number(t, 0, 10000000)); }},
};
// clang-format on

} // namespace

const std::vector<option_spec> &option_table() {
  static const std::vector<option_spec> table(std::begin(all_options),
                                              std::end(all_options));
  return table;
}

const option_spec *find_option(std::string_view name) {
  const auto &table = option_table();
  auto found = std::find_if(table.begin(), table.end(), [&](const auto &spec) {
    return spec.name == name;
  });
  return found == table.end() ? nullptr : &*found;
}

} // namespace orch::config
