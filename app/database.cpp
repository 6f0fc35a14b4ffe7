#include "app/database.hpp"

#include "persistence/database.hpp"

namespace orch::app {

std::variant<opened_database, std::string>
open_database(const std::string &url) {
  auto parsed = persistence::parse_database_url(url);
  if (auto *error = std::get_if<persistence::url_error>(&parsed))
    return error->message;
  auto target = std::get<persistence::connection_target>(parsed);
  try {
    auto session = persistence::open_session(target);
    return opened_database{std::move(target), std::move(session)};
  } catch (const soci::soci_error &e) {
    return "cannot open database " + persistence::redact_database_url(url) +
           ": " + one_line(e.get_error_message());
  }
}

std::variant<prepared_database, std::string>
prepare_database(const std::string &url) {
  auto opened = open_database(url);
  if (auto *error = std::get_if<std::string>(&opened))
    return *error;
  auto &db = std::get<opened_database>(opened);
  auto recovered = persistence::recover(*db.session, db.target.kind);
  if (auto *error = std::get_if<persistence::recovery_error>(&recovered))
    return one_line(error->message);
  return prepared_database{
      db.target, std::move(std::get<persistence::recovered_state>(recovered))};
}

std::string one_line(const std::string &text) {
  std::string line;
  bool pending_space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      pending_space = !line.empty();
      continue;
    }
    if (pending_space)
      line += ' ';
    pending_space = false;
    line += c;
  }
  return line;
}

} // namespace orch::app
