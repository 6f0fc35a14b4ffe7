#include "persistence/job_repository.hpp"
#include "persistence/tenant_repository.hpp"
#include "persistence/user_repository.hpp"
#include "persistence/worker_repository.hpp"
#include "persistence/write_transaction.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class WriteTransaction : public migrated_db_fixture {};

TEST_P(WriteTransaction, AllOrNothingUndoesEveryWriteAfterAFailure) {
  // A registration whose user is a duplicate leaves no tenant behind.
  add_tenant("t0");
  ASSERT_EQ(create_user(sql(), {"u0", "taken@example.com", "h", "t0", {}, 1}),
            db_status::ok);
  auto status = in_transaction(sql(), [&](write_transaction &tx) {
    auto s = create_tenant(tx, {"t1", "One", tenant_status::pending, 1, 1}, {});
    if (s != db_status::ok)
      return s;
    return create_user(tx, {"u1", "taken@example.com", "h", "t1", {}, 1});
  });
  EXPECT_EQ(status, db_status::duplicate);
  EXPECT_FALSE(find_tenant(sql(), "t1"));
  EXPECT_EQ(count_rows("quotas"), 1);
}

TEST_P(WriteTransaction, LaterWritesOfAFailedTransactionAreRefused) {
  // After a failure an all_or_nothing transaction runs nothing and rolls back.
  write_transaction tx(sql());
  EXPECT_EQ(upsert_job(tx, make_job("nobody", "j1"), 1),
            db_status::foreign_key);
  EXPECT_EQ(
      upsert_worker(tx, {"w1", worker_state::idle, "local", "", "", 0, 0}),
      db_status::foreign_key);
  EXPECT_EQ(tx.commit(), db_status::foreign_key);
  EXPECT_EQ(count_rows("workers"), 0);
}

TEST_P(WriteTransaction, PerWriteKeepsTheGoodWritesOfABatch) {
  // In a group commit, one bad snapshot is undone alone; the rest commit.
  add_tenant("t1");
  write_transaction tx(sql(), write_transaction::mode::per_write);
  auto first = make_job("t1", "j1");
  move_job(first, job_state::running, 3000, "allocated");
  EXPECT_EQ(upsert_job(tx, first, 1), db_status::ok);
  auto orphan = make_job("nobody", "j2");
  move_job(orphan, job_state::running, 3000, "allocated");
  EXPECT_EQ(upsert_job(tx, orphan, 2), db_status::foreign_key);
  EXPECT_EQ(upsert_job(tx, make_job("t1", "j3"), 3), db_status::ok);
  EXPECT_EQ(
      upsert_worker(tx, {"w1", worker_state::busy, "local", "j1", "", 0, 0}),
      db_status::ok);
  ASSERT_EQ(tx.commit(), db_status::ok);
  EXPECT_TRUE(find_job(sql(), "t1", "j1"));
  EXPECT_TRUE(find_job(sql(), "t1", "j3"));
  EXPECT_EQ(count_rows("jobs"), 2);
  EXPECT_EQ(count_rows("job_events"), 1);
  EXPECT_EQ(count_rows("workers"), 1);
}

TEST_P(WriteTransaction, UncommittedWritesAreRolledBack) {
  // A transaction dropped without commit leaves nothing behind.
  {
    write_transaction tx(sql());
    EXPECT_EQ(
        upsert_worker(tx, {"w1", worker_state::idle, "local", "", "", 0, 0}),
        db_status::ok);
  }
  EXPECT_EQ(count_rows("workers"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, WriteTransaction, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
