#pragma once

#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace orch::test {

enum class store { sqlite, postgresql };

// So test names and failures name the backend instead of printing bytes.
void PrintTo(store kind, std::ostream *out);
std::string store_name(store kind);

// A database of its own for one test of a real process: SQLite at the
// server's default place in a temp data dir, or a fresh PostgreSQL database
// on the test cluster (dropped at the end) whose URL carries a password the
// cluster ignores, so output can be checked for redaction.
class scratch_database {
public:
  explicit scratch_database(store kind);
  ~scratch_database();
  scratch_database(const scratch_database &) = delete;
  scratch_database &operator=(const scratch_database &) = delete;

  bool on_postgres() const { return kind_ == store::postgresql; }
  const temp_dir &data() const { return data_; }
  // `args` of a subcommand plus the data dir and, on PostgreSQL, the URL.
  std::vector<std::string> command(std::vector<std::string> args) const;
  // Runs SQL with the backend's own client; the output without its final
  // newlines.
  process_result query(const std::string &sql) const;

private:
  store kind_;
  temp_dir data_;
  std::string database_;
  std::string url_;
};

} // namespace orch::test
