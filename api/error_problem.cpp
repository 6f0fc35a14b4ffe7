#include "api/error_problem.hpp"

#include "actors/errors.hpp"
#include "api/json_body.hpp"
#include "api/problem.hpp"

namespace orch::api {

namespace {

int status_of(orch_errc code) {
  switch (code) {
  case orch_errc::not_found:
    return 404;
  case orch_errc::invalid_transition:
  case orch_errc::insufficient_workers:
  case orch_errc::already_exists:
    return 409;
  case orch_errc::quota_exceeded:
    return 429;
  case orch_errc::invalid_argument:
  case orch_errc::stale_attempt:
  case orch_errc::idempotency_key_reused:
    return 422;
  case orch_errc::command_tasks_disabled:
    return 403;
  case orch_errc::unavailable:
    return 503;
  }
  return 500;
}

} // namespace

http_response problem_from_error(const caf::error &error,
                                 std::string_view key_given_as) {
  if (error.category() != orch_error_category) {
    auto response =
        problem(503, status_title(503), "the service did not answer in time");
    response.headers["Retry-After"] = "1";
    return response;
  }
  auto code = static_cast<orch_errc>(error.code());
  if (code == orch_errc::idempotency_key_reused)
    return invalid_field_problem(std::string(key_given_as),
                                 error_detail(error));
  auto status = status_of(code);
  auto detail = error_detail(error);
  auto response = problem(status, status_title(status),
                          detail.empty() ? to_string(code) : detail);
  if (status == 503 || status == 429)
    response.headers["Retry-After"] = "1";
  return response;
}

} // namespace orch::api
