#pragma once

#include "actors/worker_info.hpp"
#include "persistence/db_status.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Inserts or replaces a worker snapshot.
db_status upsert_worker(soci::session &sql, const orch::worker_info &worker);
db_status upsert_worker(write_transaction &tx, const orch::worker_info &worker);

std::optional<orch::worker_info> find_worker(soci::session &sql,
                                             const std::string &worker_id);

// Every worker, by id.
std::vector<orch::worker_info> list_workers(soci::session &sql);

} // namespace orch::persistence
