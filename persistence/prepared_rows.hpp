#pragma once

#include "persistence/dialect.hpp"

#include <soci/soci.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace orch::persistence {

// "(:p0,:p1),(:p2,:p3)" or "(?,?),(?,?)": SOCI binds by position.
std::string value_rows(soci::session &sql, std::size_t rows,
                       std::size_t columns);

// Multi-row statements of one shape (`head`, `rows` value rows of
// `Row::columns` parameters, `tail`), each prepared once per session for a
// fixed row count and kept: preparing a statement of thousands of
// parameters cost a fifth of the committer's instructions on SQLite and a
// round trip per chunk on PostgreSQL. Each row's parameters are bound to a
// buffer (`Row::bind`) that every execution refills, so the addresses stay
// fixed (`rows` never reallocates). Row counts are powers of two up to
// `largest`, so any count under 2 * `largest` runs in at most 9 executions. A
// statement that selects binds its columns to an `Out` buffer (`Out::bind`) and
// is fetched by `after`.
struct no_output {
  static constexpr bool selects = false;
  void bind(soci::statement &) {}
};

template <class Row, class Out = no_output> class prepared_rows {
public:
  static constexpr std::size_t largest = 256;

  struct statement {
    Out out;
    std::vector<Row> rows;
    soci::statement st;
    explicit statement(soci::session &sql, std::size_t count)
        : rows(count), st(sql) {}
  };

  prepared_rows(soci::session &sql, std::string head, std::string tail)
      : sql_(sql), head_(std::move(head)), tail_(std::move(tail)) {}

  // Runs the statement over items [0, count): `fill(row, i)` writes item i
  // into a bound row buffer; `after(statement)` runs after each execution
  // (to fetch what it selected).
  template <class Fill, class After>
  void run(std::size_t count, Fill &&fill, After &&after) {
    std::size_t done = 0;
    while (done < count) {
      auto &prepared = for_rows(piece(count - done));
      for (std::size_t r = 0; r < prepared.rows.size(); ++r)
        fill(prepared.rows[r], done + r);
      prepared.st.execute(!Out::selects);
      after(prepared);
      done += prepared.rows.size();
    }
  }

private:
  static std::size_t piece(std::size_t left) {
    std::size_t size = largest;
    while (size > left)
      size /= 2;
    return size;
  }

  statement &for_rows(std::size_t count) {
    auto &slot = statements_[count];
    if (!slot) {
      slot = std::make_unique<statement>(sql_, count);
      slot->out.bind(slot->st);
      for (auto &row : slot->rows)
        row.bind(slot->st);
      slot->st.alloc();
      slot->st.prepare(head_ + value_rows(sql_, count, Row::columns) + tail_);
      slot->st.define_and_bind();
    }
    return *slot;
  }

  soci::session &sql_;
  std::string head_;
  std::string tail_;
  std::map<std::size_t, std::unique_ptr<statement>> statements_;
};

} // namespace orch::persistence
