#include "persistence/user_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class UserRepository : public migrated_db_fixture {};

TEST_P(UserRepository, CreatedUserIsFoundByEmailAndById) {
  // Every field of a tenant user reads back, by email and by id.
  add_tenant("t1");
  user_record user{"u1",
                   "ada@example.com",
                   "$argon2id$v=19$hash",
                   "t1",
                   {"jobs:read", "jobs:write", "resources:read"},
                   1234};
  ASSERT_EQ(create_user(sql(), user), db_status::ok);
  for (auto found :
       {find_user_by_email(sql(), "ada@example.com"), find_user(sql(), "u1")}) {
    ASSERT_TRUE(found);
    EXPECT_EQ(found->user_id, "u1");
    EXPECT_EQ(found->email, "ada@example.com");
    EXPECT_EQ(found->password_hash, "$argon2id$v=19$hash");
    EXPECT_EQ(found->tenant_id, "t1");
    EXPECT_EQ(found->scopes, user.scopes);
    EXPECT_EQ(found->created_at_ms, 1234);
  }
  EXPECT_FALSE(find_user_by_email(sql(), "bob@example.com"));
  EXPECT_FALSE(find_user(sql(), "u2"));
}

TEST_P(UserRepository, EmailIsUniqueWhateverItsCase) {
  // A second account for an email, in any case, is a duplicate.
  add_tenant("t1");
  add_tenant("t2");
  ASSERT_EQ(create_user(sql(), {"u1", "Ada@Example.com", "h", "t1", {}, 1}),
            db_status::ok);
  EXPECT_EQ(create_user(sql(), {"u2", "Ada@Example.com", "h", "t2", {}, 1}),
            db_status::duplicate);
  EXPECT_EQ(create_user(sql(), {"u3", "ada@example.COM", "h", "t2", {}, 1}),
            db_status::duplicate);
  EXPECT_EQ(create_user(sql(), {"u1", "other@example.com", "h", "t2", {}, 1}),
            db_status::duplicate);
  EXPECT_EQ(find_user_by_email(sql(), "ADA@example.com")->user_id, "u1");
  EXPECT_EQ(count_rows("users"), 1);
}

TEST_P(UserRepository, OperatorsBelongToNoTenant) {
  // An operator is stored without a tenant and is what has_operator looks for.
  add_tenant("t1");
  ASSERT_EQ(create_user(sql(), {"u1", "user@example.com", "h", "t1", {}, 1}),
            db_status::ok);
  EXPECT_FALSE(has_operator(sql()));
  ASSERT_EQ(create_user(sql(), {"op",
                                "op@example.com",
                                "h",
                                "",
                                {"supervisor:read", "supervisor:write"},
                                1}),
            db_status::ok);
  EXPECT_TRUE(has_operator(sql()));
  auto op = find_user(sql(), "op");
  ASSERT_TRUE(op);
  EXPECT_EQ(op->tenant_id, "");
  EXPECT_EQ(count_rows("users", "tenant_id IS NULL"), 1);
}

TEST_P(UserRepository, UserOfAnUnknownTenantIsRejected) {
  // The tenant foreign key is enforced.
  EXPECT_EQ(create_user(sql(), {"u1", "a@example.com", "h", "nobody", {}, 1}),
            db_status::foreign_key);
  EXPECT_EQ(count_rows("users"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, UserRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
