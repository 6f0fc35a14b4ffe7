#include "tests/support/scratch_database.hpp"

#include "tests/support/postgres_url.hpp"

#include <random>
#include <stdexcept>

namespace orch::test {

namespace {

process_result run_psql(const std::string &url, const std::string &sql) {
  return run_to_end(
      {"-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql},
      {}, "/usr/bin/psql");
}

// The cluster's URL with a password and another database name.
std::string url_of_database(const std::string &database) {
  auto base = postgres_url();
  auto user_start = base.find("://") + 3;
  auto at = base.find('@', user_start);
  auto path = base.find('/', at);
  return base.substr(0, at) + ":s3cret" + base.substr(at, path - at) + "/" +
         database;
}

} // namespace

void PrintTo(store kind, std::ostream *out) {
  *out << store_name(kind);
}

std::string store_name(store kind) {
  return kind == store::sqlite ? "sqlite" : "postgresql";
}

scratch_database::scratch_database(store kind) : kind_(kind) {
  if (!on_postgres())
    return;
  std::random_device random;
  database_ = "orch_e2e_" + std::to_string(random());
  auto result = run_psql(postgres_url(), "CREATE DATABASE " + database_);
  if (result.exit_code != 0)
    throw std::runtime_error("cannot create " + database_ + ": " +
                             result.output);
  url_ = url_of_database(database_);
}

scratch_database::~scratch_database() {
  if (!database_.empty())
    run_psql(postgres_url(), "DROP DATABASE " + database_ + " WITH (FORCE)");
}

std::vector<std::string>
scratch_database::command(std::vector<std::string> args) const {
  args.insert(args.end(), {"--data-dir", data_.path()});
  if (on_postgres())
    args.insert(args.end(), {"--database", url_});
  return args;
}

process_result scratch_database::query(const std::string &sql) const {
  auto result = on_postgres() ? run_psql(url_, sql)
                              : run_to_end({data_.file("orchestrator.db"), sql},
                                           {}, "/usr/bin/sqlite3");
  while (!result.output.empty() && result.output.back() == '\n')
    result.output.pop_back();
  return result;
}

} // namespace orch::test
