#include "actors/errors.hpp"

#include <caf/make_message.hpp>

namespace orch {

caf::error make_error(orch_errc code, std::string detail) {
  return caf::error{static_cast<std::uint8_t>(code), orch_error_category,
                    caf::make_message(std::move(detail))};
}

std::string to_string(orch_errc code) {
  switch (code) {
  case orch_errc::invalid_transition:
    return "invalid_transition";
  case orch_errc::not_found:
    return "not_found";
  case orch_errc::quota_exceeded:
    return "quota_exceeded";
  case orch_errc::insufficient_workers:
    return "insufficient_workers";
  case orch_errc::stale_attempt:
    return "stale_attempt";
  case orch_errc::invalid_argument:
    return "invalid_argument";
  case orch_errc::command_tasks_disabled:
    return "command_tasks_disabled";
  case orch_errc::unavailable:
    return "unavailable";
  case orch_errc::already_exists:
    return "already_exists";
  case orch_errc::idempotency_key_reused:
    return "idempotency_key_reused";
  }
  return "unknown";
}

bool is_orch_error(const caf::error &error, orch_errc code) {
  return error.category() == orch_error_category &&
         error.code() == static_cast<std::uint8_t>(code);
}

std::string error_detail(const caf::error &error) {
  const auto &context = error.context();
  if (context.match_elements<std::string>())
    return context.get_as<std::string>(0);
  return {};
}

} // namespace orch
