#pragma once

#include "api/jwt.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/send_to_server.hpp"
#include "tests/support/server_process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <memory>
#include <sys/stat.h>

namespace orch::test {

inline const std::string test_signing_key(64, 'k');
inline const std::string all_job_scopes = "jobs:read jobs:write";

// A real server on its own database holding tenants t1 and t2, with a
// known signing key so the test can mint the tokens a login would give.
class api_fixture : public ::testing::TestWithParam<store> {
protected:
  void SetUp() override {
    auto key_file = db_.data().write("jwt.key", test_signing_key);
    ::chmod(key_file.c_str(), 0600);
    ASSERT_EQ(run_to_end(db_.command({"migrate"})).exit_code, 0);
    auto added = db_.query(
        "INSERT INTO tenants (tenant_id, name, status, created_at, updated_at)"
        " VALUES ('t1', 't1', 'ready', 1, 1), ('t2', 't2', 'ready', 1, 1)");
    ASSERT_EQ(added.exit_code, 0) << added.output;
    serve_ = db_.command({"serve", "--listen", "127.0.0.1:0", "--jwt-key-file",
                          key_file, "--workers", "2"});
    start_server();
  }

  void start_server() {
    server_ = std::make_unique<server_process>(serve_);
    ASSERT_TRUE(server_->wait_ready()) << server_->output();
  }

  // Stops the server as an operator would (SIGTERM) and starts it again on
  // the same database.
  void restart_server() {
    server_->signal(SIGTERM);
    ASSERT_TRUE(server_->wait_exit()) << server_->output();
    start_server();
  }

  static std::string token(const std::string &tenant,
                           const std::string &scope = all_job_scopes) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    return *orch::api::jwt::sign(
        {"user-" + tenant, tenant, scope, now, now + 3600, "orchestrator"},
        test_signing_key);
  }

  http_response call(const std::string &method, const std::string &path,
                     const std::string &bearer, const std::string &body = "") {
    http_request request;
    request.method = method;
    request.url = server_->base_url() + path;
    request.body = body;
    if (!bearer.empty())
      request.headers["Authorization"] = "Bearer " + bearer;
    if (!body.empty())
      request.headers["Content-Type"] = "application/json";
    return send_to(*server_, request);
  }

  static nlohmann::json parse(const http_response &response) {
    return nlohmann::json::parse(response.body, nullptr, false);
  }

  scratch_database db_{GetParam()};
  std::vector<std::string> serve_;
  std::unique_ptr<server_process> server_;
};

inline std::string
backend_test_name(const ::testing::TestParamInfo<store> &info) {
  return store_name(info.param);
}

} // namespace orch::test
