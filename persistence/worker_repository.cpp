#include "persistence/worker_repository.hpp"

#include "persistence/nullable.hpp"
#include "persistence/statements.hpp"

namespace orch::persistence {

namespace {

struct worker_row {
  std::string worker_id, node, status, current_job_id, allocation_id;
  std::int64_t jobs_completed = 0, last_heartbeat = 0;
  soci::indicator job_ind = soci::i_ok, allocation_ind = soci::i_ok,
                  heartbeat_ind = soci::i_ok;
};

orch::worker_info decode(const worker_row &r) {
  auto status = orch::parse_worker_state(r.status);
  if (!status)
    throw database_error(db_status::corrupt);
  orch::worker_info worker;
  worker.worker_id = r.worker_id;
  worker.status = *status;
  worker.node = r.node;
  worker.current_job_id = text_or_empty(r.current_job_id, r.job_ind);
  worker.allocation_id = text_or_empty(r.allocation_id, r.allocation_ind);
  worker.jobs_completed = r.jobs_completed;
  worker.last_heartbeat_ms = time_or_zero(r.last_heartbeat, r.heartbeat_ind);
  return worker;
}

template <class... Uses>
std::vector<orch::worker_info>
fetch_workers(soci::session &sql, const std::string &rest, Uses &&...uses) {
  worker_row row;
  std::vector<orch::worker_info> found;
  statements::for_each_row(
      sql,
      "SELECT worker_id, node, status, current_job_id, allocation_id,"
      " jobs_completed, last_heartbeat_at FROM workers " +
          rest,
      [&](auto &p) {
        p, soci::into(row.worker_id), soci::into(row.node),
            soci::into(row.status), soci::into(row.current_job_id, row.job_ind),
            soci::into(row.allocation_id, row.allocation_ind),
            soci::into(row.jobs_completed),
            soci::into(row.last_heartbeat, row.heartbeat_ind);
      },
      [&] { found.push_back(decode(row)); }, std::forward<Uses>(uses)...);
  return found;
}

} // namespace

db_status upsert_worker(write_transaction &tx,
                        const orch::worker_info &worker) {
  return tx.run([&] {
    std::string status(orch::to_string(worker.status));
    nullable_text job(worker.current_job_id), allocation(worker.allocation_id);
    nullable_time heartbeat(worker.last_heartbeat_ms);
    tx.session()
        << "INSERT INTO workers (worker_id, node, status,"
           " current_job_id, allocation_id, jobs_completed,"
           " last_heartbeat_at) VALUES (:id, :node, :status, :job,"
           " :allocation, :completed, :heartbeat)"
           " ON CONFLICT (worker_id) DO UPDATE SET node = excluded.node,"
           " status = excluded.status,"
           " current_job_id = excluded.current_job_id,"
           " allocation_id = excluded.allocation_id,"
           " jobs_completed = excluded.jobs_completed,"
           " last_heartbeat_at = excluded.last_heartbeat_at",
        soci::use(worker.worker_id), soci::use(worker.node), soci::use(status),
        soci::use(job.value, job.ind),
        soci::use(allocation.value, allocation.ind),
        soci::use(worker.jobs_completed),
        soci::use(heartbeat.value, heartbeat.ind);
    return db_status::ok;
  });
}

db_status upsert_worker(soci::session &sql, const orch::worker_info &worker) {
  return in_transaction(
      sql, [&](write_transaction &tx) { return upsert_worker(tx, worker); });
}

std::optional<orch::worker_info> find_worker(soci::session &sql,
                                             const std::string &worker_id) {
  return guarded_read([&]() -> std::optional<orch::worker_info> {
    auto found =
        fetch_workers(sql, "WHERE worker_id = :id", soci::use(worker_id));
    if (found.empty())
      return std::nullopt;
    return found.front();
  });
}

std::vector<orch::worker_info> list_workers(soci::session &sql) {
  return guarded_read([&] { return fetch_workers(sql, "ORDER BY worker_id"); });
}

} // namespace orch::persistence
