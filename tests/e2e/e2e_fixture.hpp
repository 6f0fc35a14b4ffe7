#pragma once

// A real server reached only through HTTP: tenants sign up, wait for their
// provisioning, log in and use their tokens; an operator comes from
// ORCH_OPERATOR_EMAIL/PASSWORD. Jobs are awaited with GET /api/jobs/{id}
// ?wait_ms=, answered when the job ends.

#include "actors/command_process.hpp"
#include "tests/api/tenant_api_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <poll.h>
#include <sys/stat.h>

#include <cstdlib>

namespace orch::test {

inline const std::string operator_email = "ops@example.com";
inline const std::string operator_password = "operator password";

// How long a test waits for a child process to report or to end.
inline constexpr int process_wait_ms = 30000;

class end_to_end : public tenant_api {
protected:
  // The server with `workers` local workers, command tasks enabled and the
  // operator account.
  void start_server(int workers) {
    start({"--workers", std::to_string(workers), "--enable-command-tasks"},
          {{"ORCH_OPERATOR_EMAIL", operator_email},
           {"ORCH_OPERATOR_PASSWORD", operator_password}});
  }

  // Signs `email` up, waits for its tenant to be ready and logs in: the
  // tenant id and the owner's token.
  std::pair<std::string, std::string> ready_tenant(const std::string &email,
                                                   const std::string &name) {
    auto receipt = registered(email, name);
    auto token = token_of(email);
    auto workflow = finished_workflow(token, receipt.value("workflow_id", ""));
    EXPECT_EQ(workflow.value("status", ""), "completed") << workflow.dump();
    EXPECT_EQ(my_tenant(token).value("status", ""), "ready");
    return {receipt.value("tenant_id", ""), token};
  }

  std::string operator_token() {
    return token_of(operator_email, operator_password);
  }

  // Submits `task`; the new job's id (201 expected).
  std::string submit(const std::string &token, const json &task) {
    auto response =
        call("POST", "/api/jobs/submit", json{{"task", task}}.dump(), token);
    EXPECT_EQ(response.status, 201) << response.body;
    return body_of(response).value("job_id", "");
  }

  // The job once it is terminal: the server answers as soon as it ends.
  json finished_job(const std::string &token, const std::string &job_id) {
    auto response =
        call("GET", "/api/jobs/" + job_id + "?wait_ms=30000", "", token);
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response);
  }

  json workers(const std::string &operator_token) {
    auto response = call("GET", "/api/supervisor/workers", "", operator_token);
    EXPECT_EQ(response.status, 200) << response.body;
    return body_of(response).value("workers", json::array());
  }

  std::string make_fifo(const std::string &name) {
    auto path = dir_.file(name);
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
    return path;
  }

  // The first line a child writes into `fifo` (its pid), or 0 if none
  // arrives in time.
  static pid_t pid_from_fifo(const std::string &fifo) {
    unique_fd fd(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    pollfd p{fd.get(), POLLIN, 0};
    if (!fd || ::poll(&p, 1, process_wait_ms) != 1)
      return 0;
    char buffer[32] = {};
    if (::read(fd.get(), buffer, sizeof buffer - 1) <= 0)
      return 0;
    return static_cast<pid_t>(std::strtol(buffer, nullptr, 10));
  }

  // Waits on a pidfd (the process is the server's child, not ours): true
  // once it ended.
  static bool process_ends(pid_t pid) {
    unique_fd fd = open_pidfd(pid);
    if (!fd)
      return errno == ESRCH;
    pollfd p{fd.get(), POLLIN, 0};
    return ::poll(&p, 1, process_wait_ms) == 1;
  }

  temp_dir dir_;
};

} // namespace orch::test
