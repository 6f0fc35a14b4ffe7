#pragma once

// The server as a real process on a database of its own (SQLite or
// PostgreSQL, the test's parameter), a local webhook endpoint it calls while
// provisioning, and the REST calls of registration, login and provisioning.

#include "tests/support/http_client.hpp"
#include "tests/support/scratch_database.hpp"
#include "tests/support/send_to_server.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/webhook_server.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

namespace orch::test {

using nlohmann::json;

// The signing key the server is started with, so tests can forge tokens.
inline const std::string test_signing_key =
    "tenant-api-test-key-of-at-least-32-characters";

class tenant_api : public ::testing::TestWithParam<store> {
protected:
  tenant_api() { write_key_file(); }

  // Starts the server with `extra` arguments and `env`, calling the
  // webhook endpoint unless `webhook_url` names another.
  void start(std::vector<std::string> extra = {},
             std::map<std::string, std::string> env = {},
             std::string webhook_url = "") {
    if (webhook_url.empty())
      webhook_url = webhook.url();
    args_ = db_.command({"serve", "--listen", "127.0.0.1:0", "--jwt-key-file",
                         key_file_, "--provisioning-webhook", webhook_url});
    args_.insert(args_.end(), extra.begin(), extra.end());
    env_ = std::move(env);
    launch();
  }

  // kill -9, then a new process on the same database and data directory.
  void kill_and_restart() {
    server_->signal(SIGKILL);
    ASSERT_TRUE(server_->wait_exit());
    launch();
  }

  // SIGTERM and wait: the snapshots are drained before it exits.
  void stop() {
    server_->signal(SIGTERM);
    ASSERT_TRUE(server_->wait_exit()) << server_->output();
  }

  http_response call(const std::string &method, const std::string &path,
                     const std::string &body = "",
                     const std::string &token = "") {
    http_request request;
    request.method = method;
    request.url = server_->base_url() + path;
    request.body = body;
    request.timeout_ms = 90000;
    if (!body.empty())
      request.headers["Content-Type"] = "application/json";
    if (!token.empty())
      request.headers["Authorization"] = "Bearer " + token;
    return send_to(*server_, request);
  }

  static json body_of(const http_response &response) {
    auto parsed = json::parse(response.body, nullptr, false);
    return parsed.is_discarded() ? json() : parsed;
  }

  http_response sign_up(const std::string &email,
                        const std::string &tenant = "Acme",
                        const std::string &password = "correct horse") {
    return call(
        "POST", "/auth/register",
        json{{"email", email}, {"password", password}, {"tenant_name", tenant}}
            .dump());
  }

  // Registers and expects 201; the answer's body.
  json registered(const std::string &email,
                  const std::string &tenant = "Acme") {
    auto response = sign_up(email, tenant);
    EXPECT_EQ(response.status, 201) << response.body << response.error;
    return body_of(response);
  }

  http_response log_in(const std::string &email,
                       const std::string &password = "correct horse") {
    return call("POST", "/auth/login",
                json{{"email", email}, {"password", password}}.dump());
  }

  std::string token_of(const std::string &email,
                       const std::string &password = "correct horse") {
    auto response = log_in(email, password);
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response).value("access_token", "");
  }

  // The execution, waiting up to `wait_ms` for it to end (the server answers
  // as soon as it does: an event, not a poll).
  json workflow(const std::string &token, const std::string &id,
                int wait_ms = 0) {
    auto response = call(
        "GET", "/api/workflows/" + id + "?wait_ms=" + std::to_string(wait_ms),
        "", token);
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response);
  }

  // Waits until the execution ended (completed or failed): up to three
  // waits of 30 s, each answered as soon as it ends.
  json finished_workflow(const std::string &token, const std::string &id) {
    auto wf = workflow(token, id, 30000);
    for (int i = 0; i < 2 && wf.value("status", "") == "running"; ++i)
      wf = workflow(token, id, 30000);
    EXPECT_NE(wf.value("status", ""), "running") << wf.dump();
    return wf;
  }

  json my_tenant(const std::string &token) {
    auto response = call("GET", "/api/tenants/me", "", token);
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response);
  }

  std::string query(const std::string &sql) {
    auto result = db_.query(sql);
    EXPECT_EQ(result.exit_code, 0) << result.output;
    return result.output;
  }

  // The stored tenant status and its execution's status, "status|status".
  std::string stored_states(const std::string &tenant_id,
                            const std::string &workflow_id) {
    return query("SELECT t.status || '|' || w.status FROM tenants t,"
                 " workflow_executions w WHERE t.tenant_id = '" +
                 tenant_id + "' AND w.workflow_id = '" + workflow_id + "'");
  }

  std::string output() const { return server_->output(); }

  webhook_server webhook;
  scratch_database db_{GetParam()};

private:
  void launch() {
    server_ = std::make_unique<server_process>(args_, env_);
    ASSERT_TRUE(server_->wait_ready()) << server_->output();
  }

  void write_key_file() {
    key_file_ = db_.data().file("signing.key");
    int fd = ::open(key_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, test_signing_key.data(), test_signing_key.size()),
              static_cast<ssize_t>(test_signing_key.size()));
    ::close(fd);
  }

  std::string key_file_;
  std::vector<std::string> args_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<server_process> server_;
};

inline std::string
backend_test_name(const ::testing::TestParamInfo<store> &info) {
  return store_name(info.param);
}

} // namespace orch::test
