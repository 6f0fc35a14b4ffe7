#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace orch::api {

// Milliseconds since the Unix epoch as an RFC 3339 UTC time with
// milliseconds, "2024-05-01T12:00:00.250Z".
std::string rfc3339(std::int64_t ms_since_epoch);

// The same, or JSON null for 0 ("not yet").
nlohmann::json rfc3339_or_null(std::int64_t ms_since_epoch);

} // namespace orch::api
