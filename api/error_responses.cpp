#include "api/error_responses.hpp"

#include "actors/errors.hpp"
#include "api/problem.hpp"

#include <caf/sec.hpp>

namespace orch::api {

namespace {

int status_of(orch_errc code) {
  switch (code) {
  case orch_errc::not_found:
    return 404;
  case orch_errc::invalid_transition:
  case orch_errc::insufficient_workers:
  case orch_errc::stale_attempt:
    return 409;
  case orch_errc::quota_exceeded:
    return 429;
  case orch_errc::invalid_argument:
    return 422;
  case orch_errc::command_tasks_disabled:
    return 403;
  case orch_errc::unavailable:
    return 503;
  }
  return 500;
}

http_response with_retry_after(http_response response) {
  response.headers["Retry-After"] = std::to_string(retry_after_seconds);
  return response;
}

} // namespace

http_response problem_for(const caf::error &error) {
  if (error.category() == orch_error_category) {
    auto status = status_of(static_cast<orch_errc>(error.code()));
    auto answer = problem(status, status_title(status), error_detail(error));
    return status == 429 || status == 503 ? with_retry_after(answer) : answer;
  }
  if (error == caf::sec::request_timeout)
    return with_retry_after(
        problem(503, status_title(503), "the runtime did not answer in time"));
  return problem(500, status_title(500), "internal error");
}

} // namespace orch::api
