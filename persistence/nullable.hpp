#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <utility>

namespace orch::persistence {

// Values bound to nullable columns: the in-memory types use "" and 0 for
// "none", the database NULL. Kept as objects because use() binds by
// reference until the statement runs.
struct nullable_text {
  explicit nullable_text(std::string text)
      : value(std::move(text)), ind(value.empty() ? soci::i_null : soci::i_ok) {
  }
  std::string value;
  soci::indicator ind;
};

struct nullable_time {
  explicit nullable_time(std::int64_t ms)
      : value(ms), ind(ms == 0 ? soci::i_null : soci::i_ok) {}
  std::int64_t value;
  soci::indicator ind;
};

// What a fetched nullable column holds. SOCI leaves the variable untouched
// for NULL, so it may still hold the previous row's value.
inline std::string text_or_empty(const std::string &value,
                                 soci::indicator ind) {
  return ind == soci::i_ok ? value : std::string();
}

inline std::int64_t time_or_zero(std::int64_t value, soci::indicator ind) {
  return ind == soci::i_ok ? value : 0;
}

} // namespace orch::persistence
