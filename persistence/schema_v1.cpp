#include "persistence/schema_v1.hpp"

namespace orch::persistence {

namespace {

using statements = std::vector<std::string>;

// The DDL below writes ID_TYPE for the dialect's id column type and
// JOB_STATES for the job status list, so each statement reads as one string.
const statements tenant_tables = {
    "CREATE TABLE tenants ("
    " tenant_id ID_TYPE PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " status TEXT NOT NULL"
    "  CHECK (status IN ('pending', 'running', 'ready', 'failed')),"
    " created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL)",
    // Operators have no tenant (NULL).
    "CREATE TABLE users ("
    " user_id ID_TYPE PRIMARY KEY,"
    " email TEXT NOT NULL UNIQUE,"
    " password_hash TEXT NOT NULL,"
    " tenant_id ID_TYPE REFERENCES tenants (tenant_id) ON DELETE CASCADE,"
    " scopes TEXT NOT NULL,"
    " created_at BIGINT NOT NULL)",
    // Addresses differing only in case are one account.
    "CREATE UNIQUE INDEX users_email_ci ON users (lower(email))",
    "CREATE INDEX users_tenant ON users (tenant_id)",
    // max_workers < 0: all workers of the pool.
    "CREATE TABLE quotas ("
    " tenant_id ID_TYPE PRIMARY KEY"
    "  REFERENCES tenants (tenant_id) ON DELETE CASCADE,"
    " max_workers INTEGER NOT NULL,"
    " max_running_jobs INTEGER NOT NULL CHECK (max_running_jobs >= 0),"
    " max_pending_jobs INTEGER NOT NULL CHECK (max_pending_jobs >= 0))",
};

const statements workflow_and_worker_tables = {
    "CREATE TABLE workflow_executions ("
    " workflow_id ID_TYPE PRIMARY KEY,"
    " tenant_id ID_TYPE NOT NULL"
    "  REFERENCES tenants (tenant_id) ON DELETE CASCADE,"
    " kind TEXT NOT NULL,"
    " status TEXT NOT NULL"
    "  CHECK (status IN ('running', 'completed', 'failed')),"
    " current_step TEXT,"
    " attempt INTEGER NOT NULL CHECK (attempt >= 0),"
    " steps TEXT NOT NULL,"
    " error TEXT,"
    " started_at BIGINT NOT NULL,"
    " finished_at BIGINT)",
    "CREATE INDEX workflow_executions_tenant"
    " ON workflow_executions (tenant_id)",
    "CREATE INDEX workflow_executions_running"
    " ON workflow_executions (started_at) WHERE status = 'running'",
    // No foreign keys: worker and job snapshots are written independently,
    // in any order.
    "CREATE TABLE workers ("
    " worker_id ID_TYPE PRIMARY KEY,"
    " node TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('idle', 'busy', 'draining',"
    "  'paused', 'failed', 'terminated')),"
    " current_job_id ID_TYPE,"
    " allocation_id ID_TYPE,"
    " jobs_completed BIGINT NOT NULL CHECK (jobs_completed >= 0),"
    " last_heartbeat_at BIGINT)",
};

const statements job_tables = {
    "CREATE TABLE jobs ("
    " job_id ID_TYPE PRIMARY KEY,"
    " tenant_id ID_TYPE NOT NULL"
    "  REFERENCES tenants (tenant_id) ON DELETE CASCADE,"
    " status TEXT NOT NULL CHECK (status IN JOB_STATES),"
    " seq BIGINT NOT NULL,"
    " task_description TEXT NOT NULL,"
    " task TEXT NOT NULL,"
    " required_workers INTEGER NOT NULL CHECK (required_workers >= 1),"
    " priority INTEGER NOT NULL,"
    " attempt INTEGER NOT NULL CHECK (attempt >= 1),"
    " max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),"
    " timeout_ms BIGINT NOT NULL CHECK (timeout_ms >= 0),"
    " waiting_reason TEXT,"
    " error TEXT,"
    " result TEXT NOT NULL,"
    " worker_ids TEXT NOT NULL,"
    " created_at BIGINT NOT NULL,"
    " started_at BIGINT,"
    " finished_at BIGINT)",
    "CREATE INDEX jobs_tenant_status_created"
    " ON jobs (tenant_id, status, created_at, job_id)",
    "CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at, job_id)",
    // Restart requeues unfinished jobs in submission order.
    "CREATE INDEX jobs_unfinished_seq ON jobs (seq)"
    " WHERE status IN ('pending', 'running')",
    "CREATE TABLE job_events ("
    " job_id ID_TYPE NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL CHECK (seq >= 1),"
    " at BIGINT NOT NULL,"
    " from_status TEXT NOT NULL CHECK (from_status IN JOB_STATES),"
    " to_status TEXT NOT NULL CHECK (to_status IN JOB_STATES),"
    " reason TEXT NOT NULL,"
    " PRIMARY KEY (job_id, seq))",
};

const statements allocation_and_key_tables = {
    "CREATE TABLE allocations ("
    " allocation_id ID_TYPE PRIMARY KEY,"
    " tenant_id ID_TYPE NOT NULL"
    "  REFERENCES tenants (tenant_id) ON DELETE CASCADE,"
    " status TEXT NOT NULL CHECK (status IN ('active', 'released')),"
    " created_at BIGINT NOT NULL,"
    " released_at BIGINT,"
    " CHECK ((status = 'active') = (released_at IS NULL)))",
    "CREATE INDEX allocations_tenant ON allocations (tenant_id)",
    // position keeps worker_ids in the order they were allocated.
    "CREATE TABLE allocation_workers ("
    " allocation_id ID_TYPE NOT NULL"
    "  REFERENCES allocations (allocation_id) ON DELETE CASCADE,"
    " worker_id ID_TYPE NOT NULL,"
    " position INTEGER NOT NULL,"
    " active INTEGER NOT NULL CHECK (active IN (0, 1)),"
    " PRIMARY KEY (allocation_id, worker_id))",
    // A worker is held by at most one active allocation.
    "CREATE UNIQUE INDEX allocation_workers_one_active"
    " ON allocation_workers (worker_id) WHERE active = 1",
    "CREATE TABLE idempotency_keys ("
    " tenant_id ID_TYPE NOT NULL"
    "  REFERENCES tenants (tenant_id) ON DELETE CASCADE,"
    " idempotency_key TEXT NOT NULL,"
    " request_hash TEXT NOT NULL,"
    " job_id ID_TYPE NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,"
    " created_at BIGINT NOT NULL,"
    " PRIMARY KEY (tenant_id, idempotency_key))",
    "CREATE INDEX idempotency_keys_job ON idempotency_keys (job_id)",
};

void replace_all(std::string &text, const std::string &from,
                 const std::string &to) {
  for (auto at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

} // namespace

std::vector<std::string> schema_v1(const dialect &d) {
  statements all;
  for (const auto *part : {&tenant_tables, &workflow_and_worker_tables,
                           &job_tables, &allocation_and_key_tables})
    for (auto statement : *part) {
      replace_all(statement, "ID_TYPE", d.id_type);
      replace_all(statement, "JOB_STATES",
                  "('pending', 'running', 'completed', 'failed',"
                  " 'cancelled', 'timed_out')");
      all.push_back(std::move(statement));
    }
  return all;
}

} // namespace orch::persistence
