#include "persistence/allocation_repository.hpp"

#include "persistence/nullable.hpp"
#include "persistence/statements.hpp"

#include <unordered_map>

namespace orch::persistence {

namespace {

void insert_allocation(soci::session &sql, const orch::allocation_info &a) {
  std::string status = a.active ? "active" : "released";
  nullable_time released(a.active ? 0 : a.released_at_ms);
  sql << "INSERT INTO allocations (allocation_id, tenant_id, status,"
         " created_at, released_at) VALUES (:id, :tenant, :status, :created,"
         " :released)",
      soci::use(a.allocation_id), soci::use(a.tenant_id), soci::use(status),
      soci::use(a.created_at_ms), soci::use(released.value, released.ind);
  std::string worker_id;
  int position = 0, active = a.active ? 1 : 0;
  soci::statement st =
      (sql.prepare << "INSERT INTO allocation_workers (allocation_id,"
                      " worker_id, position, active)"
                      " VALUES (:id, :worker, :position, :active)",
       soci::use(a.allocation_id), soci::use(worker_id), soci::use(position),
       soci::use(active));
  for (const auto &id : a.worker_ids) {
    worker_id = id;
    st.execute(true);
    ++position;
  }
}

// The (tenant_id, status) of a stored allocation.
std::optional<std::pair<std::string, std::string>>
stored_allocation(soci::session &sql, const std::string &allocation_id) {
  std::string tenant_id, status;
  sql << "SELECT tenant_id, status FROM allocations WHERE allocation_id = :id",
      soci::into(tenant_id), soci::into(status), soci::use(allocation_id);
  if (!sql.got_data())
    return std::nullopt;
  return std::make_pair(tenant_id, status);
}

db_status release_rows(soci::session &sql, const std::string &tenant_id,
                       const std::string &allocation_id, std::int64_t at) {
  auto stored = stored_allocation(sql, allocation_id);
  if (!stored || stored->first != tenant_id)
    return db_status::not_found;
  if (stored->second != "active")
    return db_status::ok;
  sql << "UPDATE allocations SET status = 'released', released_at = :at"
         " WHERE allocation_id = :id",
      soci::use(at), soci::use(allocation_id);
  sql << "UPDATE allocation_workers SET active = 0 WHERE allocation_id = :id",
      soci::use(allocation_id);
  return db_status::ok;
}

struct allocation_row {
  std::string allocation_id, tenant_id, status;
  std::int64_t created_at = 0, released_at = 0;
  soci::indicator released_ind = soci::i_ok;
};

template <class... Uses>
std::vector<orch::allocation_info>
fetch_allocations(soci::session &sql, const std::string &rest, Uses &&...uses) {
  allocation_row r;
  std::vector<orch::allocation_info> found;
  statements::for_each_row(
      sql,
      "SELECT allocation_id, tenant_id, status, created_at, released_at"
      " FROM allocations " +
          rest,
      [&](auto &p) {
        p, soci::into(r.allocation_id), soci::into(r.tenant_id),
            soci::into(r.status), soci::into(r.created_at),
            soci::into(r.released_at, r.released_ind);
      },
      [&] {
        found.push_back({r.allocation_id,
                         r.tenant_id,
                         {},
                         r.status == "active",
                         r.created_at,
                         time_or_zero(r.released_at, r.released_ind)});
      },
      std::forward<Uses>(uses)...);
  return found;
}

// Fills in worker_ids, in their original order, with one query; `where`
// filters the joined allocations (a).
template <class... Uses>
void load_workers(soci::session &sql, std::vector<orch::allocation_info> &all,
                  const std::string &where, Uses &&...uses) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < all.size(); ++i)
    index.emplace(all[i].allocation_id, i);
  std::string allocation_id, worker_id;
  statements::for_each_row(
      sql,
      "SELECT w.allocation_id, w.worker_id FROM allocation_workers w"
      " JOIN allocations a ON a.allocation_id = w.allocation_id " +
          where + " ORDER BY w.allocation_id, w.position",
      [&](auto &p) { p, soci::into(allocation_id), soci::into(worker_id); },
      [&] {
        auto found = index.find(allocation_id);
        if (found != index.end())
          all[found->second].worker_ids.push_back(worker_id);
      },
      std::forward<Uses>(uses)...);
}

} // namespace

db_status create_allocation(write_transaction &tx,
                            const orch::allocation_info &allocation) {
  return tx.run([&] {
    insert_allocation(tx.session(), allocation);
    return db_status::ok;
  });
}

db_status create_allocation(soci::session &sql,
                            const orch::allocation_info &allocation) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return create_allocation(tx, allocation);
  });
}

db_status release_allocation(write_transaction &tx,
                             const std::string &tenant_id,
                             const std::string &allocation_id,
                             std::int64_t released_at_ms) {
  return tx.run([&] {
    return release_rows(tx.session(), tenant_id, allocation_id, released_at_ms);
  });
}

db_status release_allocation(soci::session &sql, const std::string &tenant_id,
                             const std::string &allocation_id,
                             std::int64_t released_at_ms) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return release_allocation(tx, tenant_id, allocation_id, released_at_ms);
  });
}

db_status save_allocation(write_transaction &tx,
                          const orch::allocation_info &allocation) {
  return tx.run([&] {
    auto &sql = tx.session();
    auto stored = stored_allocation(sql, allocation.allocation_id);
    if (!stored) {
      insert_allocation(sql, allocation);
      return db_status::ok;
    }
    if (stored->first != allocation.tenant_id)
      return db_status::duplicate;
    if (allocation.active)
      return db_status::ok;
    return release_rows(sql, allocation.tenant_id, allocation.allocation_id,
                        allocation.released_at_ms);
  });
}

db_status save_allocation(soci::session &sql,
                          const orch::allocation_info &allocation) {
  return in_transaction(sql, [&](write_transaction &tx) {
    return save_allocation(tx, allocation);
  });
}

std::optional<orch::allocation_info>
find_allocation(soci::session &sql, const std::string &tenant_id,
                const std::string &allocation_id) {
  return guarded_read([&]() -> std::optional<orch::allocation_info> {
    auto found = fetch_allocations(
        sql, "WHERE tenant_id = :tenant AND allocation_id = :id",
        soci::use(tenant_id), soci::use(allocation_id));
    if (found.empty())
      return std::nullopt;
    load_workers(sql, found, "WHERE a.allocation_id = :id",
                 soci::use(allocation_id));
    return std::move(found.front());
  });
}

std::vector<orch::allocation_info> load_active_allocations(soci::session &sql) {
  return guarded_read([&] {
    auto found = fetch_allocations(
        sql, "WHERE status = 'active' ORDER BY created_at, allocation_id");
    load_workers(sql, found, "WHERE a.status = 'active'");
    return found;
  });
}

} // namespace orch::persistence
