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

template <class... Uses>
std::optional<user_record>
fetch_user(soci::session &sql, const std::string &where, Uses &&...uses) {
  user_row row;
  std::optional<user_record> user;
  statements::for_each_row(
      sql,
      "SELECT user_id, email, password_hash, tenant_id, scopes, created_at"
      " FROM users " +
          where,
      [&](auto &p) {
        p, soci::into(row.user_id), soci::into(row.email),
            soci::into(row.password_hash),
            soci::into(row.tenant_id, row.tenant_ind), soci::into(row.scopes),
            soci::into(row.created_at);
      },
      [&] {
        user = user_record{row.user_id,
                           row.email,
                           row.password_hash,
                           text_or_empty(row.tenant_id, row.tenant_ind),
                           split_scopes(row.scopes),
                           row.created_at};
      },
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

bool has_operator(soci::session &sql) {
  return guarded_read([&] {
    int count = 0;
    sql << "SELECT COUNT(*) FROM users WHERE tenant_id IS NULL",
        soci::into(count);
    return count > 0;
  });
}

} // namespace orch::persistence
