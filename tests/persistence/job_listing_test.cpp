#include "persistence/job_cursor.hpp"
#include "persistence/job_repository.hpp"
#include "tests/persistence/db_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

using namespace orch::persistence;

namespace orch::test {
namespace {

class JobListing : public migrated_db_fixture {
protected:
  void SetUp() override {
    migrated_db_fixture::SetUp();
    add_tenant("t1");
    add_tenant("t2");
  }

  // Job n of `tenant`: created at 1000 + n / 3 (so three jobs share each
  // time and ties are broken by id), every third one completed.
  job_info add_job(const std::string &tenant, int n) {
    auto id = tenant + "-" + std::string(n < 10 ? "0" : "") + std::to_string(n);
    auto job = make_job(tenant, id, 1000 + n / 3);
    if (n % 3 == 0) {
      move_job(job, job_state::running, 5000, "allocated");
      move_job(job, job_state::completed, 6000, "done");
    }
    EXPECT_EQ(upsert_job(sql(), job, ++seq_), db_status::ok);
    return job;
  }

  // Follows next_cursor to the end; returns the job ids in page order.
  std::vector<std::string> all_pages(const std::string &tenant,
                                     std::optional<job_state> status,
                                     int limit) {
    std::vector<std::string> ids;
    std::string cursor;
    do {
      auto result = list_jobs(sql(), tenant, status, limit, cursor);
      EXPECT_EQ(result.status, db_status::ok);
      EXPECT_LE(result.page.jobs.size(), static_cast<std::size_t>(limit));
      for (const auto &job : result.page.jobs)
        ids.push_back(job.job_id);
      cursor = result.page.next_cursor;
    } while (!cursor.empty() && ids.size() < 1000);
    return ids;
  }

  // Expected order: newest first, then by job id descending.
  static std::vector<std::string> newest_first(std::vector<job_info> jobs) {
    std::sort(jobs.begin(), jobs.end(), [](const auto &a, const auto &b) {
      return std::tie(a.created_at_ms, a.job_id) >
             std::tie(b.created_at_ms, b.job_id);
    });
    std::vector<std::string> ids;
    for (const auto &job : jobs)
      ids.push_back(job.job_id);
    return ids;
  }

  std::int64_t seq_ = 0;
};

TEST_P(JobListing, PagesCoverEveryJobNewestFirstWithoutGapsOrDuplicates) {
  // Following cursors with several limits yields each job exactly once.
  std::vector<job_info> jobs;
  for (int n = 0; n < 25; ++n)
    jobs.push_back(add_job("t1", n));
  auto expected = newest_first(jobs);
  for (int limit : {1, 2, 7, 25, 100})
    EXPECT_EQ(all_pages("t1", std::nullopt, limit), expected) << limit;
  auto single = list_jobs(sql(), "t1", std::nullopt, 25, "");
  EXPECT_TRUE(single.page.next_cursor.empty());
}

TEST_P(JobListing, StatusFilterHoldsAcrossPages) {
  // Only jobs in the asked status are listed, on every page.
  std::vector<job_info> completed, pending;
  for (int n = 0; n < 20; ++n) {
    auto job = add_job("t1", n);
    (job.status == job_state::completed ? completed : pending).push_back(job);
  }
  EXPECT_EQ(all_pages("t1", job_state::completed, 3), newest_first(completed));
  EXPECT_EQ(all_pages("t1", job_state::pending, 4), newest_first(pending));
  EXPECT_TRUE(all_pages("t1", job_state::timed_out, 4).empty());
}

TEST_P(JobListing, OnlyTheTenantsOwnJobsAreListed) {
  // Another tenant's jobs never appear, even when they sort in between.
  std::vector<job_info> mine;
  for (int n = 0; n < 6; ++n) {
    mine.push_back(add_job("t1", n));
    add_job("t2", n);
  }
  EXPECT_EQ(all_pages("t1", std::nullopt, 4), newest_first(mine));
  EXPECT_TRUE(all_pages("t-none", std::nullopt, 4).empty());
}

TEST_P(JobListing, ListedJobsCarryTheirEvents) {
  // A listed job is the full snapshot, events included.
  auto job = add_job("t1", 0);
  auto page = list_jobs(sql(), "t1", std::nullopt, 10, "");
  ASSERT_EQ(page.page.jobs.size(), 1u);
  expect_same_job(page.page.jobs[0], job);
}

TEST_P(JobListing, CursorKeepsItsPlaceWhenNewJobsArrive) {
  // Jobs submitted between pages neither shift nor repeat the older ones.
  std::vector<job_info> jobs;
  for (int n = 0; n < 10; ++n)
    jobs.push_back(add_job("t1", n));
  auto expected = newest_first(jobs);
  auto first = list_jobs(sql(), "t1", std::nullopt, 4, "");
  ASSERT_EQ(first.status, db_status::ok);
  for (int n = 50; n < 55; ++n)
    add_job("t1", n);
  auto second =
      list_jobs(sql(), "t1", std::nullopt, 100, first.page.next_cursor);
  std::vector<std::string> ids;
  for (const auto &page : {first.page, second.page})
    for (const auto &job : page.jobs)
      ids.push_back(job.job_id);
  EXPECT_EQ(ids, expected);
}

TEST_P(JobListing, MalformedCursorOrLimitIsABadArgument) {
  // Cursors the server never issued and limits out of range are refused.
  add_job("t1", 1);
  const std::vector<std::string> cursors = {
      "!!!",
      "a",
      "bm90IGEgY3Vyc29y" /* "not a cursor" */,
      "LTU6am9i" /* "-5:job" */,
      "OmpvYg" /* ":job" */,
      encode_cursor({5, ""}),
      encode_cursor({5, "j"}) + "="};
  for (const auto &cursor : cursors)
    EXPECT_EQ(list_jobs(sql(), "t1", std::nullopt, 10, cursor).status,
              db_status::bad_argument)
        << cursor;
  for (int limit : {0, -1, max_job_page_size + 1})
    EXPECT_EQ(list_jobs(sql(), "t1", std::nullopt, limit, "").status,
              db_status::bad_argument)
        << limit;
  EXPECT_EQ(list_jobs(sql(), "t1", std::nullopt, max_job_page_size, "").status,
            db_status::ok);
}

TEST_P(JobListing, CursorIsOpaqueAndRoundTrips) {
  // A cursor hides its contents and decodes back to the same position.
  job_cursor cursor{1700000000123, "job:with:colons-ü"};
  auto text = encode_cursor(cursor);
  EXPECT_EQ(text.find("job"), std::string::npos);
  EXPECT_EQ(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                   "qrstuvwxyz0123456789-_"),
            std::string::npos);
  auto back = decode_cursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->created_at_ms, cursor.created_at_ms);
  EXPECT_EQ(back->job_id, cursor.job_id);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobListing, all_backends(), backend_name{});

} // namespace
} // namespace orch::test
