#include "persistence/idempotency_repository.hpp"
#include "persistence/job_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class IdempotencyRepository : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    add_tenant("t1");
    add_tenant("t2");
    ASSERT_EQ(upsert_job(sql(), make_job("t1", "j1"), 1), db_status::ok);
    ASSERT_EQ(upsert_job(sql(), make_job("t2", "j2"), 2), db_status::ok);
  }
};

TEST_P(IdempotencyRepository, KeyIsFoundForItsTenantOnly) {
  // A stored key reads back whole, and only for the tenant that used it.
  ASSERT_EQ(insert_idempotency_key(sql(), {"t1", "k-1", "sha256:ab", "j1", 77}),
            db_status::ok);
  auto found = find_idempotency_key(sql(), "t1", "k-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->tenant_id, "t1");
  EXPECT_EQ(found->idempotency_key, "k-1");
  EXPECT_EQ(found->request_hash, "sha256:ab");
  EXPECT_EQ(found->job_id, "j1");
  EXPECT_EQ(found->created_at_ms, 77);
  EXPECT_FALSE(find_idempotency_key(sql(), "t2", "k-1"));
  EXPECT_FALSE(find_idempotency_key(sql(), "t1", "k-2"));
}

TEST_P(IdempotencyRepository, KeyIsUniquePerTenant) {
  // The same key twice for one tenant is a duplicate; another tenant may use
  // it.
  ASSERT_EQ(insert_idempotency_key(sql(), {"t1", "k", "h1", "j1", 1}),
            db_status::ok);
  EXPECT_EQ(insert_idempotency_key(sql(), {"t1", "k", "h2", "j1", 2}),
            db_status::duplicate);
  EXPECT_EQ(insert_idempotency_key(sql(), {"t2", "k", "h3", "j2", 3}),
            db_status::ok);
  EXPECT_EQ(find_idempotency_key(sql(), "t1", "k")->request_hash, "h1");
}

TEST_P(IdempotencyRepository, KeyMustPointAtAStoredJobAndTenant) {
  // Unknown jobs and tenants are foreign key violations.
  EXPECT_EQ(insert_idempotency_key(sql(), {"t1", "k", "h", "j-none", 1}),
            db_status::foreign_key);
  EXPECT_EQ(insert_idempotency_key(sql(), {"nobody", "k", "h", "j1", 1}),
            db_status::foreign_key);
}

TEST_P(IdempotencyRepository, JobAndKeyCommitTogetherOrNotAtAll) {
  // A submit whose key is taken leaves no job behind.
  ASSERT_EQ(insert_idempotency_key(sql(), {"t1", "k", "h1", "j1", 1}),
            db_status::ok);
  auto job = make_job("t1", "j-new");
  auto submit = [&](const std::string &key) {
    return in_transaction(sql(), [&](write_transaction &tx) {
      auto status = upsert_job(tx, job, 3);
      return status != db_status::ok
                 ? status
                 : insert_idempotency_key(tx, {"t1", key, "h2", job.job_id, 2});
    });
  };
  EXPECT_EQ(submit("k"), db_status::duplicate);
  EXPECT_FALSE(find_job(sql(), "t1", "j-new"));
  EXPECT_EQ(submit("k-other"), db_status::ok);
  EXPECT_TRUE(find_job(sql(), "t1", "j-new"));
  EXPECT_EQ(find_idempotency_key(sql(), "t1", "k-other")->job_id, "j-new");
}

INSTANTIATE_TEST_SUITE_P(Backends, IdempotencyRepository, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
