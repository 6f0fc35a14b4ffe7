#include "actors/errors.hpp"
#include "actors/supervisor_actor.hpp"
#include "actors/type_ids.hpp"
#include "persistence/snapshot_writer_actor.hpp"
#include "persistence/sql_batch_committer.hpp"
#include "persistence/tenant_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

using namespace orch::persistence;
using namespace std::chrono_literals;

namespace orch::test {
namespace {

// The supervisor submitting through the real snapshot writer and SQL
// committer, whose sessions can be made read-only as a full or read-only
// disk or a PostgreSQL standby would be.
class DurableSubmit : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    tenant_record tenant{"t1", "t1", tenant_status::ready, 1, 1};
    ASSERT_EQ(create_tenant(sql(), tenant, {}), db_status::ok);
  }

  void TearDown() override {
    caf::anon_send_exit(supervisor, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    migrated_db_fixture::TearDown();
  }

  std::unique_ptr<soci::session> open_maybe_read_only() {
    auto session = open();
    if (read_only)
      *session << (kind() == backend::sqlite
                       ? "PRAGMA query_only=ON"
                       : "SET default_transaction_read_only = on");
    return session;
  }

  void start() {
    writer = spawn_snapshot_writer(
        system, std::make_shared<sql_batch_committer>([this] {
          return open_maybe_read_only();
        }),
        {5000ms, 60000ms});
    auto settings = std::make_shared<runtime_settings>();
    settings->snapshots = writer;
    supervisor_options options;
    options.settings = settings;
    options.local_workers = 1;
    supervisor = spawn_supervisor(system, std::move(options));
  }

  // "ok" or the orch error code's name of a submit's answer.
  std::string submit(const std::string &tenant) {
    job_spec spec;
    spec.tenant_id = tenant;
    std::string answer;
    caf::scoped_actor self{system};
    self->request(supervisor, 10s, submit_atom::value, spec)
        .receive([&](const job_info &) { answer = "ok"; },
                 [&](caf::error &e) {
                   answer = is_orch_error(e, orch_errc::unavailable)
                                ? "unavailable"
                                : "other: " + error_detail(e);
                 });
    return answer;
  }

  static caf::actor_system_config &configure(caf::actor_system_config &cfg) {
    register_runtime_types(cfg);
    return cfg;
  }

  bool read_only = false;
  caf::actor_system_config config;
  caf::actor_system system{configure(config)};
  owned_snapshot_writer writer;
  supervisor_actor supervisor;
};

TEST_P(DurableSubmit, AFailedCommitAnswersUnavailableAndStoresNothing) {
  // A submit whose transaction cannot commit is answered `unavailable` and
  // leaves no row of the job or its events behind.
  read_only = true;
  start();
  EXPECT_EQ(submit("t1"), "unavailable");
  EXPECT_EQ(count_rows("jobs"), 0);
  EXPECT_EQ(count_rows("job_events"), 0);
}

TEST_P(DurableSubmit, AnAcknowledgedSubmitIsStored) {
  // The same path with a writable database: acknowledged means stored.
  start();
  EXPECT_EQ(submit("t1"), "ok");
  EXPECT_EQ(count_rows("jobs"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DurableSubmit, all_backends(),
                         backend_name{});

} // namespace
} // namespace orch::test
