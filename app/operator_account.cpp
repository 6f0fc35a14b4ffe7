#include "app/operator_account.hpp"

#include "actors/id_generator.hpp"
#include "actors/runtime_settings.hpp"
#include "actors/user_info.hpp"
#include "api/email_address.hpp"
#include "api/password_hasher.hpp"
#include "app/database.hpp"
#include "persistence/migrations.hpp"
#include "persistence/user_repository.hpp"

#include <random>

namespace orch::app {

namespace {

std::optional<std::string> check_credentials(const std::string &email,
                                             const std::string &password) {
  if (auto bad = api::check_email(email))
    return bad->detail;
  if (auto bad = api::check_password_policy(password))
    return bad->detail;
  return std::nullopt;
}

// The database of `url`, migrated to this binary's schema, or why not.
std::variant<opened_database, std::string>
open_migrated(const std::string &url) {
  auto opened = open_database(url);
  if (auto *db = std::get_if<opened_database>(&opened)) {
    auto result = persistence::migrate(*db->session, db->target.kind);
    if (result.status != persistence::migrate_status::ok)
      return one_line(result.message);
  }
  return opened;
}

std::optional<std::string> store_operator(soci::session &sql,
                                          const std::string &email,
                                          const std::string &password) {
  auto hash = api::password_hasher{}.hash(password);
  if (!hash)
    return std::string("the password could not be hashed");
  std::random_device random;
  id_generator ids((std::uint64_t{random()} << 32) ^ random());
  auto now = runtime_settings::system_now_ms();
  user_info user{ids.next("user", now), email, *hash, "",
                 operator_scopes(),     now};
  auto status = persistence::create_user(sql, user);
  if (status == persistence::db_status::duplicate)
    return "the email " + email + " is already registered";
  if (status != persistence::db_status::ok)
    return "cannot store the operator: " +
           std::string(persistence::to_string(status));
  return std::nullopt;
}

} // namespace

std::optional<std::string> create_operator(const config::options &options,
                                           const std::string &email,
                                           const std::string &password) {
  if (auto bad = check_credentials(email, password))
    return bad;
  auto opened = open_migrated(options.database_url);
  if (auto *error = std::get_if<std::string>(&opened))
    return *error;
  auto &db = std::get<opened_database>(opened);
  return store_operator(*db.session, email, password);
}

std::optional<std::string>
create_first_operator(const config::options &options,
                      const config::environment &env) {
  auto email = env.find("ORCH_OPERATOR_EMAIL");
  auto password = env.find("ORCH_OPERATOR_PASSWORD");
  if (email == env.end() && password == env.end())
    return std::nullopt;
  if (email == env.end() || password == env.end())
    return std::string(
        "ORCH_OPERATOR_EMAIL and ORCH_OPERATOR_PASSWORD go together");
  auto opened = open_migrated(options.database_url);
  if (auto *error = std::get_if<std::string>(&opened))
    return *error;
  auto &db = std::get<opened_database>(opened);
  try {
    if (persistence::has_operator(*db.session))
      return std::nullopt;
  } catch (const persistence::database_error &e) {
    return std::string("cannot read the users: ") + e.what();
  }
  if (auto bad = check_credentials(email->second, password->second))
    return "ORCH_OPERATOR_EMAIL/PASSWORD: " + *bad;
  return store_operator(*db.session, email->second, password->second);
}

} // namespace orch::app
