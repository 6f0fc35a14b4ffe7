#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>

#include <cstdint>
#include <string>

namespace orch {

// Domain errors, carried as values in caf::error (category "orch"); the REST
// layer maps each to one HTTP status.
enum class orch_errc : std::uint8_t {
  invalid_transition = 1, // 409
  not_found,              // 404
  quota_exceeded,         // 429
  insufficient_workers,   // 409
  stale_attempt,          // ignored report from an older attempt
  invalid_argument,       // 422
  command_tasks_disabled, // 403
  unavailable,            // 503: a dependency (e.g. the database) failed
  already_exists,         // 409: a unique value (an email) is taken
  idempotency_key_reused, // 422: the key came with another request body
};

constexpr caf::atom_value orch_error_category = caf::atom("orch");

caf::error make_error(orch_errc code, std::string detail = {});

std::string to_string(orch_errc code);

// The domain code of an error, or nothing when it is not one of ours.
bool is_orch_error(const caf::error &error, orch_errc code);

// The human-readable detail stored in an orch error (empty if none).
std::string error_detail(const caf::error &error);

} // namespace orch
