#include "persistence/workflow_repository.hpp"

#include "persistence/json_codec.hpp"
#include "persistence/nullable.hpp"
#include "persistence/statements.hpp"

namespace orch::persistence {

namespace {

const char *const workflow_columns =
    "SELECT workflow_id, tenant_id, kind, status, current_step, attempt,"
    " steps, error, started_at, finished_at FROM workflow_executions ";

struct workflow_row {
  std::string workflow_id, tenant_id, kind, status, current_step;
  int attempt = 0;
  std::string steps, error;
  std::int64_t started_at = 0, finished_at = 0;
  soci::indicator step_ind = soci::i_ok, error_ind = soci::i_ok,
                  finished_ind = soci::i_ok;
};

workflow_record decode(const workflow_row &r) {
  auto status = orch::parse_workflow_status(r.status);
  auto steps = decode_steps(r.steps);
  if (!status || !steps)
    throw database_error(db_status::corrupt);
  return {r.workflow_id,
          r.tenant_id,
          r.kind,
          *status,
          text_or_empty(r.current_step, r.step_ind),
          r.attempt,
          std::move(*steps),
          text_or_empty(r.error, r.error_ind),
          r.started_at,
          time_or_zero(r.finished_at, r.finished_ind)};
}

template <class... Uses>
std::vector<workflow_record>
fetch_workflows(soci::session &sql, const std::string &rest, Uses &&...uses) {
  workflow_row row;
  std::vector<workflow_record> found;
  statements::for_each_row(
      sql, workflow_columns + rest,
      [&](auto &p) {
        p, soci::into(row.workflow_id), soci::into(row.tenant_id),
            soci::into(row.kind), soci::into(row.status),
            soci::into(row.current_step, row.step_ind), soci::into(row.attempt),
            soci::into(row.steps), soci::into(row.error, row.error_ind),
            soci::into(row.started_at),
            soci::into(row.finished_at, row.finished_ind);
      },
      [&] { found.push_back(decode(row)); }, std::forward<Uses>(uses)...);
  return found;
}

} // namespace

db_status create_workflow(write_transaction &tx,
                          const workflow_record &workflow) {
  return tx.run([&] {
    std::string status(orch::to_string(workflow.status));
    auto steps = encode_steps(workflow.steps);
    nullable_text step(workflow.current_step), error(workflow.error);
    nullable_time finished(workflow.finished_at_ms);
    tx.session() << "INSERT INTO workflow_executions (workflow_id, tenant_id,"
                    " kind, status, current_step, attempt, steps, error,"
                    " started_at, finished_at) VALUES (:id, :tenant, :kind,"
                    " :status, :step, :attempt, :steps, :error, :started,"
                    " :finished)",
        soci::use(workflow.workflow_id), soci::use(workflow.tenant_id),
        soci::use(workflow.kind), soci::use(status),
        soci::use(step.value, step.ind), soci::use(workflow.attempt),
        soci::use(steps), soci::use(error.value, error.ind),
        soci::use(workflow.started_at_ms),
        soci::use(finished.value, finished.ind);
    return db_status::ok;
  });
}

db_status create_workflow(soci::session &sql, const workflow_record &workflow) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return create_workflow(tx, workflow);
  });
}

db_status update_workflow(write_transaction &tx,
                          const workflow_record &workflow) {
  return tx.run([&] {
    std::string status(orch::to_string(workflow.status));
    auto steps = encode_steps(workflow.steps);
    nullable_text step(workflow.current_step), error(workflow.error);
    nullable_time finished(workflow.finished_at_ms);
    return statements::write_one(
        tx.session(),
        "UPDATE workflow_executions SET status = :status,"
        " current_step = :step, attempt = :attempt, steps = :steps,"
        " error = :error, finished_at = :finished"
        " WHERE workflow_id = :id AND tenant_id = :tenant",
        soci::use(status), soci::use(step.value, step.ind),
        soci::use(workflow.attempt), soci::use(steps),
        soci::use(error.value, error.ind),
        soci::use(finished.value, finished.ind),
        soci::use(workflow.workflow_id), soci::use(workflow.tenant_id));
  });
}

db_status update_workflow(soci::session &sql, const workflow_record &workflow) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return update_workflow(tx, workflow);
  });
}

std::optional<workflow_record> find_workflow(soci::session &sql,
                                             const std::string &tenant_id,
                                             const std::string &workflow_id) {
  return guarded_read([&]() -> std::optional<workflow_record> {
    auto found =
        fetch_workflows(sql, "WHERE tenant_id = :tenant AND workflow_id = :id",
                        soci::use(tenant_id), soci::use(workflow_id));
    if (found.empty())
      return std::nullopt;
    return std::move(found.front());
  });
}

db_status save_workflow(write_transaction &tx,
                        const workflow_record &workflow) {
  auto updated = update_workflow(tx, workflow);
  if (updated != db_status::not_found)
    return updated;
  return create_workflow(tx, workflow);
}

std::vector<workflow_record> load_workflows(soci::session &sql) {
  return guarded_read(
      [&] { return fetch_workflows(sql, "ORDER BY started_at, workflow_id"); });
}

std::vector<workflow_record> load_unfinished_workflows(soci::session &sql) {
  return guarded_read([&] {
    return fetch_workflows(
        sql, "WHERE status = 'running' ORDER BY started_at, workflow_id");
  });
}

} // namespace orch::persistence
