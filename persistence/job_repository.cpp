#include "persistence/job_repository.hpp"

#include "persistence/job_cursor.hpp"
#include "persistence/job_rows.hpp"

namespace orch::persistence {

namespace {

db_status write_job(soci::session &sql, const orch::job_info &job,
                    std::int64_t seq) {
  auto stored = job_rows::stored_event_count(sql, job.job_id);
  if (stored > static_cast<std::int64_t>(job.events.size()))
    return db_status::stale;
  if (job_rows::upsert_row(sql, job, seq) == 0)
    return db_status::duplicate;
  job_rows::append_events(sql, job, stored);
  return db_status::ok;
}

std::string page_query(bool with_status, bool with_cursor) {
  std::string query = std::string("SELECT ") + job_rows::columns +
                      " FROM jobs WHERE tenant_id = :tenant";
  if (with_status)
    query += " AND status = :status";
  if (with_cursor)
    query += " AND (created_at, job_id) < (:created, :job)";
  return query + " ORDER BY created_at DESC, job_id DESC LIMIT :limit";
}

job_page fetch_page(soci::session &sql, const std::string &tenant_id,
                    std::optional<orch::job_state> status, int limit,
                    const std::optional<job_cursor> &after) {
  std::string status_name(status ? orch::to_string(*status) : "");
  // One row more than asked tells whether another page follows.
  int fetch_limit = limit + 1;
  auto jobs =
      job_rows::fetch(sql, page_query(status.has_value(), after.has_value()),
                      [&](soci::statement &st) {
                        st.exchange(soci::use(tenant_id));
                        if (status)
                          st.exchange(soci::use(status_name));
                        if (after) {
                          st.exchange(soci::use(after->created_at_ms));
                          st.exchange(soci::use(after->job_id));
                        }
                        st.exchange(soci::use(fetch_limit));
                      });
  job_page page;
  if (jobs.size() > static_cast<std::size_t>(limit)) {
    jobs.resize(static_cast<std::size_t>(limit));
    page.next_cursor =
        encode_cursor({jobs.back().created_at_ms, jobs.back().job_id});
  }
  job_rows::load_events(sql, jobs);
  page.jobs = std::move(jobs);
  return page;
}

} // namespace

db_status upsert_job(write_transaction &tx, const orch::job_info &job,
                     std::int64_t seq) {
  return tx.run([&] { return write_job(tx.session(), job, seq); });
}

db_status upsert_job(soci::session &sql, const orch::job_info &job,
                     std::int64_t seq) {
  return in_transaction(
      sql, [&](write_transaction &tx) { return upsert_job(tx, job, seq); });
}

std::optional<orch::job_info> find_job(soci::session &sql,
                                       const std::string &tenant_id,
                                       const std::string &job_id) {
  return guarded_read([&]() -> std::optional<orch::job_info> {
    auto jobs = job_rows::fetch(
        sql,
        std::string("SELECT ") + job_rows::columns +
            " FROM jobs WHERE tenant_id = :tenant AND job_id = :job",
        [&](soci::statement &st) {
          st.exchange(soci::use(tenant_id));
          st.exchange(soci::use(job_id));
        });
    if (jobs.empty())
      return std::nullopt;
    job_rows::load_events(sql, jobs);
    return std::move(jobs.front());
  });
}

job_page_result list_jobs(soci::session &sql, const std::string &tenant_id,
                          std::optional<orch::job_state> status, int limit,
                          const std::string &cursor) {
  job_page_result result;
  std::optional<job_cursor> after;
  if (!cursor.empty())
    after = decode_cursor(cursor);
  if (limit < 1 || limit > max_job_page_size || (!cursor.empty() && !after)) {
    result.status = db_status::bad_argument;
    return result;
  }
  try {
    result.page = fetch_page(sql, tenant_id, status, limit, after);
  } catch (const soci::soci_error &e) {
    result.status = classify_error(e);
  } catch (const database_error &e) {
    result.status = e.status();
  }
  return result;
}

std::vector<orch::job_info> load_unfinished_jobs(soci::session &sql) {
  return guarded_read([&] {
    auto jobs =
        job_rows::fetch(sql,
                        std::string("SELECT ") + job_rows::columns +
                            " FROM jobs WHERE status IN ('pending', 'running')"
                            " ORDER BY seq, job_id",
                        [](soci::statement &) {});
    job_rows::load_unfinished_events(sql, jobs);
    return jobs;
  });
}

std::int64_t max_job_seq(soci::session &sql) {
  return guarded_read([&] {
    std::int64_t seq = 0;
    soci::indicator ind = soci::i_ok;
    sql << "SELECT MAX(seq) FROM jobs", soci::into(seq, ind);
    return ind == soci::i_ok ? seq : std::int64_t{0};
  });
}

} // namespace orch::persistence
