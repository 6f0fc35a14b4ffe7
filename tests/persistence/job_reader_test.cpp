#include "actors/errors.hpp"
#include "actors/type_ids.hpp"
#include "persistence/job_reader_actor.hpp"
#include "persistence/job_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <variant>

using namespace orch::persistence;
using namespace std::chrono_literals;

namespace orch::test {
namespace {

template <class T> using answer = std::variant<T, caf::error>;

class JobReader : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    register_runtime_types(config_);
    system_ = std::make_unique<caf::actor_system>(config_);
    reader_ = spawn_job_reader(*system_, [this] { return open(); });
    add_tenant("t1");
    add_tenant("t2");
  }

  void TearDown() override {
    caf::anon_send_exit(reader_, caf::exit_reason::user_shutdown);
    reader_ = nullptr;
    system_.reset();
    migrated_db_fixture::TearDown();
  }

  // Asks the reader and waits (bounded) for its answer.
  template <class T, class... Ts> answer<T> ask(Ts &&...xs) {
    caf::scoped_actor self{*system_};
    answer<T> result = caf::error{};
    self->request(reader_, 20s, std::forward<Ts>(xs)...)
        .receive([&](T &value) { result = std::move(value); },
                 [&](caf::error &error) { result = std::move(error); });
    return result;
  }

  answer<job_page> list(const std::string &tenant, const std::string &status,
                        std::int32_t limit, const std::string &cursor) {
    return ask<job_page>(list_jobs_atom::value, tenant, status, limit, cursor);
  }

  // Stores a job of `tenant` created at `created_at`; completed if asked.
  job_info store(const std::string &tenant, const std::string &id,
                 std::int64_t created_at, bool completed = false) {
    auto job = make_job(tenant, id, created_at);
    job.seq = ++seq_;
    if (completed) {
      move_job(job, job_state::running, created_at + 1, "allocated");
      move_job(job, job_state::completed, created_at + 2, "done");
    }
    EXPECT_EQ(upsert_job(sql(), job, job.seq), db_status::ok);
    return job;
  }

  static std::vector<std::string> ids(const answer<job_page> &page) {
    std::vector<std::string> result;
    for (const auto &job : std::get<job_page>(page).jobs)
      result.push_back(job.job_id);
    return result;
  }

  static void expect_error(const caf::error &error, orch_errc code) {
    EXPECT_TRUE(is_orch_error(error, code)) << caf::to_string(error);
  }

  caf::actor_system_config config_;
  std::unique_ptr<caf::actor_system> system_;
  job_reader reader_;
  std::int64_t seq_ = 0;
};

TEST_P(JobReader, GetsAJobOfTheNamedTenantOnly) {
  // A job is found under its own tenant; another tenant sees not_found.
  auto job = store("t1", "j1", 1000, true);
  auto found = ask<job_info>(caf::get_atom::value, "t1", "j1");
  ASSERT_TRUE(std::holds_alternative<job_info>(found));
  expect_same_job(std::get<job_info>(found), job);
  auto other = ask<job_info>(caf::get_atom::value, "t2", "j1");
  ASSERT_TRUE(std::holds_alternative<caf::error>(other));
  expect_error(std::get<caf::error>(other), orch_errc::not_found);
  auto unknown = ask<job_info>(caf::get_atom::value, "t1", "j-none");
  ASSERT_TRUE(std::holds_alternative<caf::error>(unknown));
  expect_error(std::get<caf::error>(unknown), orch_errc::not_found);
}

TEST_P(JobReader, ListsPagesNewestFirstFilteredByTenantAndStatus) {
  // Pages follow next_cursor to the end; a status filter keeps only matches.
  store("t1", "j1", 1000, true);
  store("t1", "j2", 2000);
  store("t1", "j3", 3000, true);
  store("t1", "j4", 4000);
  store("t1", "j5", 5000);
  store("t2", "other", 6000);
  auto first = list("t1", "", 2, "");
  EXPECT_EQ(ids(first), (std::vector<std::string>{"j5", "j4"}));
  auto second = list("t1", "", 2, std::get<job_page>(first).next_cursor);
  EXPECT_EQ(ids(second), (std::vector<std::string>{"j3", "j2"}));
  auto last = list("t1", "", 2, std::get<job_page>(second).next_cursor);
  EXPECT_EQ(ids(last), std::vector<std::string>{"j1"});
  EXPECT_TRUE(std::get<job_page>(last).next_cursor.empty());
  auto completed = list("t1", "completed", 10, "");
  EXPECT_EQ(ids(completed), (std::vector<std::string>{"j3", "j1"}));
  EXPECT_EQ(std::get<job_page>(completed).jobs.front().events.size(), 2u);
  EXPECT_EQ(ids(list("t2", "", 10, "")), std::vector<std::string>{"other"});
}

TEST_P(JobReader, RefusesAnUnknownStatusABadLimitAndAForeignCursor) {
  // Malformed listing arguments are invalid_argument, never a database error.
  auto refused = [&](const std::string &status, std::int32_t limit,
                     const std::string &cursor) {
    auto page = list("t1", status, limit, cursor);
    ASSERT_TRUE(std::holds_alternative<caf::error>(page)) << status << limit;
    expect_error(std::get<caf::error>(page), orch_errc::invalid_argument);
  };
  refused("sleeping", 10, "");
  refused("", 0, "");
  refused("", max_job_page_size + 1, "");
  refused("", 10, "not-a-cursor!");
}

TEST_P(JobReader, ADatabaseFailureIsUnavailableAndTheNextReadReconnects) {
  // A failing read answers unavailable; the reader still answers afterwards.
  store("t1", "j1", 1000);
  EXPECT_TRUE(std::holds_alternative<caf::ok_atom>(
      ask<caf::ok_atom>(db_ping_atom::value)));
  sql() << (kind() == backend::sqlite ? "DROP TABLE jobs"
                                      : "DROP TABLE jobs CASCADE");
  auto failed = ask<job_info>(caf::get_atom::value, "t1", "j1");
  ASSERT_TRUE(std::holds_alternative<caf::error>(failed));
  expect_error(std::get<caf::error>(failed), orch_errc::unavailable);
  EXPECT_TRUE(std::holds_alternative<caf::ok_atom>(
      ask<caf::ok_atom>(db_ping_atom::value)));
}

INSTANTIATE_TEST_SUITE_P(Backends, JobReader, all_backends(), backend_name{});

} // namespace
} // namespace orch::test
