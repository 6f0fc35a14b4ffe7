#include "api/rfc3339.hpp"

#include <cstdio>
#include <ctime>

namespace orch::api {

std::string rfc3339(std::int64_t ms_since_epoch) {
  auto seconds = static_cast<std::time_t>(ms_since_epoch / 1000);
  auto millis = static_cast<int>(ms_since_epoch % 1000);
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, millis);
  return text;
}

nlohmann::json rfc3339_or_null(std::int64_t ms_since_epoch) {
  if (ms_since_epoch == 0)
    return nullptr;
  return rfc3339(ms_since_epoch);
}

} // namespace orch::api
