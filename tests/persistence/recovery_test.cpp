#include "persistence/allocation_repository.hpp"
#include "persistence/job_repository.hpp"
#include "persistence/quota_repository.hpp"
#include "persistence/recovery.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

using namespace orch::persistence;

namespace orch::test {
namespace {

class Recovery : public db_fixture {
protected:
  recovered_state recover_ok() {
    auto result = recover(sql(), kind());
    if (auto *error = std::get_if<recovery_error>(&result))
      ADD_FAILURE() << error->message;
    return std::get<recovered_state>(std::move(result));
  }

  recovery_error recover_error() {
    auto result = recover(sql(), kind());
    EXPECT_TRUE(std::holds_alternative<recovery_error>(result));
    return std::get<recovery_error>(std::move(result));
  }

  void add_tenant(const std::string &tenant_id) {
    tenant_record tenant{tenant_id, tenant_id, tenant_status::ready, 1, 1};
    ASSERT_EQ(create_tenant(sql(), tenant, {}), db_status::ok);
  }

  void store(const std::string &tenant, const std::string &id, std::int64_t seq,
             job_state status) {
    auto job = make_job(tenant, id);
    if (status != job_state::pending)
      move_job(job, job_state::running, 3000, "allocated");
    if (status == job_state::completed)
      move_job(job, job_state::completed, 4000, "done");
    ASSERT_EQ(upsert_job(sql(), job, seq), db_status::ok);
  }
};

TEST_P(Recovery, MigratesAnEmptyDatabaseAndStartsAtSeqOne) {
  // A first start creates the schema and has nothing to resume.
  auto state = recover_ok();
  EXPECT_EQ(state.schema_version, latest_schema_version());
  EXPECT_EQ(state.applied_migrations.size(),
            static_cast<std::size_t>(latest_schema_version()));
  EXPECT_TRUE(state.unfinished_jobs.empty());
  EXPECT_EQ(state.next_seq, 1);
  EXPECT_TRUE(state.quotas_by_tenant.empty());
}

TEST_P(Recovery, LoadsUnfinishedJobsInSeqOrderNextSeqAndQuotas) {
  // Unfinished jobs come back in seq order, with every tenant's quotas.
  recover_ok();
  add_tenant("t1");
  add_tenant("t2");
  ASSERT_EQ(set_quotas(sql(), "t1", {2, 3, 4}), db_status::ok);
  store("t1", "j-a", 3, job_state::pending);
  store("t1", "j-b", 1, job_state::running);
  store("t2", "j-c", 2, job_state::completed);
  store("t2", "j-d", 5, job_state::pending);
  auto state = recover_ok();
  EXPECT_TRUE(state.applied_migrations.empty());
  ASSERT_EQ(state.unfinished_jobs.size(), 3u);
  EXPECT_EQ(state.unfinished_jobs[0].job_id, "j-b");
  EXPECT_EQ(state.unfinished_jobs[0].seq, 1);
  EXPECT_EQ(state.unfinished_jobs[0].events.size(), 1u);
  EXPECT_EQ(state.unfinished_jobs[1].job_id, "j-a");
  EXPECT_EQ(state.unfinished_jobs[1].seq, 3);
  EXPECT_EQ(state.unfinished_jobs[2].job_id, "j-d");
  EXPECT_EQ(state.unfinished_jobs[2].seq, 5);
  EXPECT_EQ(state.next_seq, 6);
  ASSERT_EQ(state.quotas_by_tenant.size(), 2u);
  EXPECT_EQ(state.quotas_by_tenant["t1"].max_workers, 2);
  EXPECT_EQ(state.quotas_by_tenant["t1"].max_running_jobs, 3);
  EXPECT_EQ(state.quotas_by_tenant["t1"].max_pending_jobs, 4);
  EXPECT_EQ(state.quotas_by_tenant["t2"].max_running_jobs,
            tenant_quotas{}.max_running_jobs);
}

TEST_P(Recovery, LoadsActiveAllocationsOnly) {
  // Allocations still held come back, oldest first; released ones do not.
  recover_ok();
  add_tenant("t1");
  ASSERT_EQ(create_allocation(sql(), {"a-old", "t1", {"w-1"}, true, 10, 0}),
            db_status::ok);
  ASSERT_EQ(create_allocation(sql(), {"a-gone", "t1", {"w-2"}, true, 20, 0}),
            db_status::ok);
  ASSERT_EQ(create_allocation(sql(), {"a-new", "t1", {"w-3"}, true, 30, 0}),
            db_status::ok);
  ASSERT_EQ(release_allocation(sql(), "t1", "a-gone", 40), db_status::ok);
  auto state = recover_ok();
  ASSERT_EQ(state.active_allocations.size(), 2u);
  EXPECT_EQ(state.active_allocations[0].allocation_id, "a-old");
  EXPECT_EQ(state.active_allocations[1].allocation_id, "a-new");
  EXPECT_EQ(state.active_allocations[1].worker_ids,
            std::vector<std::string>{"w-3"});
}

TEST_P(Recovery, RefusesADatabaseNewerThanTheBinary) {
  // A schema version above this binary's is an error value naming it.
  recover_ok();
  sql() << "INSERT INTO schema_version (version, description, applied_at)"
           " VALUES (999, 'from the future', 0)";
  auto error = recover_error();
  EXPECT_EQ(error.kind, recovery_failure::database_too_new);
  EXPECT_NE(error.message.find("999"), std::string::npos) << error.message;
}

TEST_P(Recovery, AnUnreadableStateIsAnErrorValue) {
  // A database that fails while loading gives an error value, not a throw.
  recover_ok();
  sql() << (kind() == backend::sqlite ? "DROP TABLE jobs"
                                      : "DROP TABLE jobs CASCADE");
  auto error = recover_error();
  EXPECT_EQ(error.kind, recovery_failure::unreadable);
  EXPECT_EQ(error.message.find("SELECT"), std::string::npos) << error.message;
}

INSTANTIATE_TEST_SUITE_P(Backends, Recovery, all_backends(), backend_name{});

} // namespace
} // namespace orch::test
