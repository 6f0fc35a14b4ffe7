#pragma once

#include "actors/job_info.hpp"
#include "persistence/database.hpp"
#include "persistence/migrations.hpp"
#include "persistence/tenant_repository.hpp"
#include "tests/support/postgres_url.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

namespace orch::persistence {

// So failing tests name the backend instead of printing its bytes.
inline void PrintTo(backend kind, std::ostream *out) {
  *out << (kind == backend::sqlite ? "sqlite" : "postgresql");
}

} // namespace orch::persistence

namespace orch::test {

using persistence::backend;

// Gives each test a fresh, empty database on the backend of its parameter:
// SQLite, a file in a temp dir; PostgreSQL, a schema of its own on the
// fixture's cluster, since ctest runs tests in parallel against one cluster.
class db_fixture : public ::testing::TestWithParam<backend> {
protected:
  void SetUp() override {
    if (GetParam() == backend::sqlite)
      target_ = {backend::sqlite, dir_.file("orchestrator.db")};
    else
      target_ = fresh_postgres_schema();
    session_ = open();
  }

  void TearDown() override {
    session_.reset();
    if (!schema_.empty()) {
      auto admin = persistence::open_session(cluster_);
      *admin << "SET client_min_messages TO warning";
      *admin << "DROP SCHEMA " + schema_ + " CASCADE";
    }
  }

  soci::session &sql() { return *session_; }
  backend kind() const { return GetParam(); }

  // Another connection to the same database, as a second process would have.
  std::unique_ptr<soci::session> open() {
    return persistence::open_session(target_);
  }

private:
  persistence::connection_target fresh_postgres_schema() {
    cluster_ = std::get<persistence::connection_target>(
        persistence::parse_database_url(postgres_url()));
    std::random_device random;
    schema_ = "t_" + std::to_string(random()) + "_" + std::to_string(random());
    auto admin = persistence::open_session(cluster_);
    *admin << "CREATE SCHEMA " + schema_;
    auto target = cluster_;
    target.connect_string += " options='-c search_path=" + schema_ + "'";
    return target;
  }

  temp_dir dir_;
  persistence::connection_target target_{backend::sqlite, ""};
  persistence::connection_target cluster_{backend::postgresql, ""};
  std::string schema_;
  std::unique_ptr<soci::session> session_;
};

// A fresh database migrated to the latest schema.
class migrated_db_fixture : public db_fixture {
protected:
  void SetUp() override {
    db_fixture::SetUp();
    auto result = persistence::migrate(sql(), kind());
    ASSERT_EQ(result.status, persistence::migrate_status::ok) << result.message;
  }

  // A ready tenant with default quotas, created at `created_at_ms`.
  void add_tenant(const std::string &tenant_id,
                  std::int64_t created_at_ms = 1000) {
    persistence::tenant_record tenant{tenant_id, "Tenant " + tenant_id,
                                      tenant_status::ready, created_at_ms,
                                      created_at_ms};
    ASSERT_EQ(persistence::create_tenant(sql(), tenant, {}),
              persistence::db_status::ok);
  }

  // Rows of `table` matching `where` (SQL written by the test itself).
  int count_rows(const std::string &table, const std::string &where = "1 = 1") {
    int count = 0;
    sql() << "SELECT COUNT(*) FROM " + table + " WHERE " + where,
        soci::into(count);
    return count;
  }
};

// A pending job of `tenant_id` with no events yet.
inline job_info make_job(const std::string &tenant_id,
                         const std::string &job_id,
                         std::int64_t created_at_ms = 2000) {
  job_info job;
  job.job_id = job_id;
  job.spec.tenant_id = tenant_id;
  job.spec.task_description = "job " + job_id;
  job.created_at_ms = created_at_ms;
  return job;
}

// Appends a transition to the job's log and moves it there.
inline void move_job(job_info &job, job_state to, std::int64_t at_ms,
                     const std::string &reason) {
  job.events.push_back({at_ms, job.status, to, reason});
  job.status = to;
}

// Every field of two job snapshots, as the persistence round trip must keep.
inline void expect_same_job(const job_info &a, const job_info &b) {
  EXPECT_EQ(a.job_id, b.job_id);
  EXPECT_EQ(a.spec.tenant_id, b.spec.tenant_id);
  EXPECT_EQ(a.spec.task_description, b.spec.task_description);
  EXPECT_EQ(a.spec.required_workers, b.spec.required_workers);
  EXPECT_EQ(a.spec.priority, b.spec.priority);
  EXPECT_EQ(a.spec.max_attempts, b.spec.max_attempts);
  EXPECT_EQ(a.spec.timeout_ms, b.spec.timeout_ms);
  EXPECT_EQ(a.spec.task.kind, b.spec.task.kind);
  EXPECT_EQ(a.spec.task.sleep_ms, b.spec.task.sleep_ms);
  EXPECT_EQ(a.spec.task.fail_message, b.spec.task.fail_message);
  EXPECT_EQ(a.spec.task.retryable, b.spec.task.retryable);
  EXPECT_EQ(a.spec.task.argv, b.spec.task.argv);
  EXPECT_EQ(a.spec.task.env, b.spec.task.env);
  EXPECT_EQ(a.spec.task.cwd, b.spec.task.cwd);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.attempt, b.attempt);
  EXPECT_EQ(a.waiting_reason, b.waiting_reason);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.result.exit_code, b.result.exit_code);
  EXPECT_EQ(a.result.stdout_tail, b.result.stdout_tail);
  EXPECT_EQ(a.result.stderr_tail, b.result.stderr_tail);
  EXPECT_EQ(a.worker_ids, b.worker_ids);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].at_ms, b.events[i].at_ms) << "event " << i;
    EXPECT_EQ(a.events[i].from, b.events[i].from) << "event " << i;
    EXPECT_EQ(a.events[i].to, b.events[i].to) << "event " << i;
    EXPECT_EQ(a.events[i].reason, b.events[i].reason) << "event " << i;
  }
  EXPECT_EQ(a.created_at_ms, b.created_at_ms);
  EXPECT_EQ(a.started_at_ms, b.started_at_ms);
  EXPECT_EQ(a.finished_at_ms, b.finished_at_ms);
}

// Test names end in /sqlite or /postgresql.
struct backend_name {
  std::string operator()(const ::testing::TestParamInfo<backend> &info) const {
    return info.param == backend::sqlite ? "sqlite" : "postgresql";
  }
};

inline auto all_backends() {
  return ::testing::Values(backend::sqlite, backend::postgresql);
}

} // namespace orch::test
