#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace orch::persistence {

// Where a page of jobs ended: the (created_at, job_id) of its last job.
struct job_cursor {
  std::int64_t created_at_ms = 0;
  std::string job_id;
};

// Opaque to clients: base64url (no padding) of "created_at:job_id".
std::string encode_cursor(const job_cursor &cursor);

// nullopt for anything encode_cursor cannot have produced.
std::optional<job_cursor> decode_cursor(const std::string &text);

} // namespace orch::persistence
