#pragma once

#include "persistence/db_status.hpp"
#include "persistence/user_record.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Returns duplicate when the email (compared without case) or the user
// id exists, foreign_key for an unknown tenant.
db_status create_user(soci::session &sql, const user_record &user);
db_status create_user(write_transaction &tx, const user_record &user);

// Looks the email up without case.
std::optional<user_record> find_user_by_email(soci::session &sql,
                                              const std::string &email);

std::optional<user_record> find_user(soci::session &sql,
                                     const std::string &user_id);

// Every user, oldest first, to rebuild the tenant registry at start.
std::vector<user_record> load_users(soci::session &sql);

// Replaces the stored password hash (an upgrade at login); not_found for an
// unknown user.
db_status update_password_hash(write_transaction &tx,
                               const std::string &user_id,
                               const std::string &password_hash);

// Whether any operator (a user without a tenant) exists.
bool has_operator(soci::session &sql);

} // namespace orch::persistence
