#include "app/migrate_command.hpp"

#include "app/database.hpp"
#include "persistence/migrations.hpp"

#include <iostream>

namespace orch::app {

namespace {

std::string describe_applied(const std::vector<int> &applied) {
  if (applied.empty())
    return "already up to date";
  std::string text = "applied";
  for (int version : applied)
    text += " " + std::to_string(version);
  return text;
}

} // namespace

int migrate(const config::options &options) {
  auto opened = open_database(options.database_url);
  if (auto *error = std::get_if<std::string>(&opened)) {
    std::cerr << "orchestrator: " << *error << "\n";
    return 1;
  }
  auto &db = std::get<opened_database>(opened);
  auto result = persistence::migrate(*db.session, db.target.kind);
  if (result.status != persistence::migrate_status::ok) {
    std::cerr << "orchestrator: " << one_line(result.message) << "\n";
    return 1;
  }
  std::cout << "orchestrator: database "
            << persistence::redact_database_url(options.database_url)
            << " is at schema version " << result.binary_version << " ("
            << describe_applied(result.applied) << ")\n";
  return 0;
}

} // namespace orch::app
