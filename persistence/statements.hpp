#pragma once

#include "persistence/db_status.hpp"

#include <soci/soci.h>

#include <string>
#include <utility>

// Small helpers shared by the repositories.
namespace orch::persistence::statements {

// Runs a write statement with its bound values; returns the rows it changed.
template <class... Uses>
long long execute_counted(soci::session &sql, const std::string &query,
                          Uses &&...uses) {
  soci::statement st = ((sql.prepare << query), ..., std::forward<Uses>(uses));
  st.execute(true);
  return st.get_affected_rows();
}

// A write meant to change one existing row: not_found when it changed none.
template <class... Uses>
db_status write_one(soci::session &sql, const std::string &query,
                    Uses &&...uses) {
  return execute_counted(sql, query, std::forward<Uses>(uses)...) == 0
             ? db_status::not_found
             : db_status::ok;
}

// Prepares a SELECT whose intos come from `bind_intos(prepare_temp_type&)`
// and whose parameters are `uses`, then calls `on_row()` for each row.
template <class BindIntos, class OnRow, class... Uses>
void for_each_row(soci::session &sql, const std::string &query,
                  BindIntos &&bind_intos, OnRow &&on_row, Uses &&...uses) {
  soci::details::prepare_temp_type prepared = (sql.prepare << query);
  bind_intos(prepared);
  static_cast<void>((prepared, ..., std::forward<Uses>(uses)));
  soci::statement st(prepared);
  st.execute(false);
  while (st.fetch())
    on_row();
}

} // namespace orch::persistence::statements
