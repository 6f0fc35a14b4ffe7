#include "persistence/user_repository.hpp"

#include "persistence/nullable.hpp"
#include "persistence/statements.hpp"

#include <sstream>

namespace orch::persistence {

namespace {

std::string join_scopes(const std::vector<std::string> &scopes) {
  std::string joined;
  for (const auto &scope : scopes)
    joined += (joined.empty() ? "" : " ") + scope;
  return joined;
}

std::vector<std::string> split_scopes(const std::string &joined) {
  std::istringstream in(joined);
  std::vector<std::string> scopes;
  for (std::string scope; in >> scope;)
    scopes.push_back(scope);
  return scopes;
}

struct user_row {
  std::string user_id, email, password_hash, tenant_id, scopes;
  std::int64_t created_at = 0;
  soci::indicator tenant_ind = soci::i_ok;
};

// Runs a SELECT of user columns and calls `on_user(user_record)` per row.
template <class OnUser, class... Uses>
void fetch_users(soci::session &sql, const std::string &rest, OnUser on_user,
                 Uses &&...uses) {
  user_row row;
  statements::for_each_row(
      sql,
      "SELECT user_id, email, password_hash, tenant_id, scopes, created_at"
      " FROM users " +
          rest,
      [&](auto &p) {
        p, soci::into(row.user_id), soci::into(row.email),
            soci::into(row.password_hash),
            soci::into(row.tenant_id, row.tenant_ind), soci::into(row.scopes),
            soci::into(row.created_at);
      },
      [&] {
        on_user(user_record{row.user_id, row.email, row.password_hash,
                            text_or_empty(row.tenant_id, row.tenant_ind),
                            split_scopes(row.scopes), row.created_at});
      },
      std::forward<Uses>(uses)...);
}

template <class... Uses>
std::optional<user_record>
fetch_user(soci::session &sql, const std::string &where, Uses &&...uses) {
  std::optional<user_record> user;
  fetch_users(
      sql, where, [&](user_record found) { user = std::move(found); },
      std::forward<Uses>(uses)...);
  return user;
}

} // namespace

db_status create_user(write_transaction &tx, const user_record &user) {
  return tx.run([&] {
    nullable_text tenant(user.tenant_id);
    auto scopes = join_scopes(user.scopes);
    tx.session() << "INSERT INTO users (user_id, email, password_hash,"
                    " tenant_id, scopes, created_at) VALUES (:id, :email,"
                    " :hash, :tenant, :scopes, :created)",
        soci::use(user.user_id), soci::use(user.email),
        soci::use(user.password_hash), soci::use(tenant.value, tenant.ind),
        soci::use(scopes), soci::use(user.created_at_ms);
    return db_status::ok;
  });
}

db_status create_user(soci::session &sql, const user_record &user) {
  return in_transaction(
      sql, [&](write_transaction &tx) { return create_user(tx, user); });
}

std::optional<user_record> find_user_by_email(soci::session &sql,
                                              const std::string &email) {
  return guarded_read([&] {
    return fetch_user(sql, "WHERE lower(email) = lower(:email)",
                      soci::use(email));
  });
}

std::optional<user_record> find_user(soci::session &sql,
                                     const std::string &user_id) {
  return guarded_read([&] {
    return fetch_user(sql, "WHERE user_id = :id", soci::use(user_id));
  });
}

std::vector<user_record> load_users(soci::session &sql) {
  return guarded_read([&] {
    std::vector<user_record> users;
    fetch_users(sql, "ORDER BY created_at, user_id",
                [&](user_record user) { users.push_back(std::move(user)); });
    return users;
  });
}

db_status update_password_hash(write_transaction &tx,
                               const std::string &user_id,
                               const std::string &password_hash) {
  return tx.run([&] {
    return statements::write_one(
        tx.session(),
        "UPDATE users SET password_hash = :hash WHERE user_id = :id",
        soci::use(password_hash), soci::use(user_id));
  });
}

bool has_operator(soci::session &sql) {
  return guarded_read([&] {
    int count = 0;
    sql << "SELECT COUNT(*) FROM users WHERE tenant_id IS NULL",
        soci::into(count);
    return count > 0;
  });
}

} // namespace orch::persistence
