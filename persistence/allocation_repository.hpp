#pragma once

#include "actors/allocation_info.hpp"
#include "persistence/db_status.hpp"
#include "persistence/write_transaction.hpp"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

namespace orch::persistence {

// Creates the allocation with its workers. Returns duplicate when the id
// exists or a worker is already in another active allocation, foreign_key
// for an unknown tenant.
db_status create_allocation(soci::session &sql,
                            const orch::allocation_info &allocation);
db_status create_allocation(write_transaction &tx,
                            const orch::allocation_info &allocation);

// Releases the tenant's allocation and frees its workers. not_found if it is
// unknown or another tenant's; releasing twice is ok and keeps the first
// released_at.
db_status release_allocation(soci::session &sql, const std::string &tenant_id,
                             const std::string &allocation_id,
                             std::int64_t released_at_ms);
db_status release_allocation(write_transaction &tx,
                             const std::string &tenant_id,
                             const std::string &allocation_id,
                             std::int64_t released_at_ms);

// Writes an allocation snapshot: creates it if new, releases it if the
// snapshot is released, and otherwise changes nothing.
db_status save_allocation(soci::session &sql,
                          const orch::allocation_info &allocation);
db_status save_allocation(write_transaction &tx,
                          const orch::allocation_info &allocation);

// nullopt if unknown or another tenant's.
std::optional<orch::allocation_info>
find_allocation(soci::session &sql, const std::string &tenant_id,
                const std::string &allocation_id);

// Active allocations, oldest first, to restore who holds which worker.
std::vector<orch::allocation_info> load_active_allocations(soci::session &sql);

} // namespace orch::persistence
