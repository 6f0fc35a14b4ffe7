#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>

using namespace orch::test;

namespace {

class ServerTest : public ::testing::Test {
protected:
  void SetUp() override {
    server = std::make_unique<server_process>(std::vector<std::string>{
        "serve", "--listen", "127.0.0.1:0", "--data-dir", data.path()});
    ASSERT_TRUE(server->wait_ready()) << server->output();
  }

  http_response get(const std::string &path, std::string method = "GET") {
    http_request request;
    request.method = std::move(method);
    request.url = server->base_url() + path;
    return send(request);
  }

  temp_dir data;
  std::unique_ptr<server_process> server;
};

void expect_problem(const http_response &response, long status) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], status);
  EXPECT_TRUE(body.contains("title"));
  EXPECT_TRUE(body.contains("detail"));
  EXPECT_TRUE(body.contains("type"));
}

} // namespace

// With --listen 127.0.0.1:0 the OS picks the port and the ready line names it.
TEST_F(ServerTest, ReadyLineNamesTheChosenPort) {
  EXPECT_NE(server->port(), 0);
  EXPECT_NE(server->port(), 8080);
  EXPECT_EQ(get("/healthz").status, 200);
}

// /healthz and /readyz answer JSON with 200.
TEST_F(ServerTest, HealthAndReadinessAnswer) {
  auto health = get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(nlohmann::json::parse(health.body)["status"], "ok");
  auto ready = get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ready.body)["status"], "ready");
}

// An unknown route is a 404 problem+json naming the path.
TEST_F(ServerTest, UnknownRouteIs404Problem) {
  auto response = get("/no/such/route");
  expect_problem(response, 404);
  EXPECT_NE(response.body.find("/no/such/route"), std::string::npos);
}

// A known path with the wrong method is a 405 problem+json with Allow.
TEST_F(ServerTest, WrongMethodIs405ProblemWithAllow) {
  auto response = get("/healthz", "DELETE");
  expect_problem(response, 405);
  EXPECT_EQ(response.header("allow"), "GET");
}

// SIGTERM makes the server stop and exit with status 0.
TEST_F(ServerTest, SigtermExitsCleanly) {
  server->signal(SIGTERM);
  auto status = server->wait_exit();
  ASSERT_TRUE(status.has_value()) << server->output();
  ASSERT_TRUE(WIFEXITED(*status)) << server->output();
  EXPECT_EQ(WEXITSTATUS(*status), 0) << server->output();
  EXPECT_NE(get("/healthz").error, "");
}

// SIGINT (Ctrl-C) stops the server the same way.
TEST_F(ServerTest, SigintExitsCleanly) {
  server->signal(SIGINT);
  auto status = server->wait_exit();
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
}
