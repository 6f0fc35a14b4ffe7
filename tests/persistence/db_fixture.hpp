#pragma once

#include "actors/job_info.hpp"
#include "persistence/database.hpp"
#include "persistence/migrations.hpp"
#include "persistence/tenant_repository.hpp"
#include "tests/support/postgres_url.hpp"
#include "tests/support/same_job.hpp"
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
