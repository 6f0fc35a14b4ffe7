#include "persistence/prepared_rows.hpp"

namespace orch::persistence {

std::string value_rows(soci::session &sql, std::size_t rows,
                       std::size_t columns) {
  auto kind = backend_of(sql);
  auto sql_dialect = dialect_for(kind ? *kind : backend::postgresql);
  std::string text;
  std::size_t next = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    text += r == 0 ? "(" : ",(";
    for (std::size_t c = 0; c < columns; ++c)
      text += (c == 0 ? "" : ",") + sql_dialect.parameter(next++);
    text += ")";
  }
  return text;
}

} // namespace orch::persistence
