#include "persistence/job_reader_actor.hpp"

#include "actors/errors.hpp"
#include "persistence/job_repository.hpp"

#include <caf/all.hpp>

#include <memory>
#include <optional>

namespace orch::persistence {

namespace {

struct reader_data {
  std::unique_ptr<reconnecting_session> db;

  static inline const char *name = "job_reader";
};

using reader_pointer = job_reader::stateful_pointer<reader_data>;

// Runs `read(session)`; a database failure drops the session (it may be a
// lost connection) and becomes `unavailable`, with no SQL in its detail.
template <class T, class F>
caf::result<T> guarded(reader_data &state, F &&read) {
  try {
    return read(state.db->get());
  } catch (const soci::soci_error &e) {
    state.db->reset();
    return make_error(orch_errc::unavailable,
                      database_error(classify_error(e)).what());
  } catch (const database_error &e) {
    state.db->reset();
    return make_error(orch_errc::unavailable, e.what());
  }
}

caf::result<job_info> get_job(reader_data &state, const std::string &tenant,
                              const std::string &job_id) {
  return guarded<job_info>(
      state, [&](soci::session &sql) -> caf::result<job_info> {
        auto found = find_job(sql, tenant, job_id);
        if (!found)
          return make_error(orch_errc::not_found, "no job " + job_id);
        return std::move(*found);
      });
}

caf::result<orch::job_page> list_page(reader_data &state,
                                      const std::string &tenant,
                                      const std::string &status,
                                      std::int32_t limit,
                                      const std::string &cursor) {
  std::optional<job_state> wanted;
  if (!status.empty() && !(wanted = parse_job_state(status)))
    return make_error(orch_errc::invalid_argument,
                      "unknown job status \"" + status + "\"");
  return guarded<orch::job_page>(
      state, [&](soci::session &sql) -> caf::result<orch::job_page> {
        auto found = list_jobs(sql, tenant, wanted, limit, cursor);
        if (found.status == db_status::bad_argument)
          return make_error(orch_errc::invalid_argument,
                            "limit must be 1.." +
                                std::to_string(max_job_page_size) +
                                " and cursor a next_cursor of this listing");
        if (found.status != db_status::ok)
          throw database_error(found.status);
        return orch::job_page{std::move(found.page.jobs),
                              std::move(found.page.next_cursor)};
      });
}

caf::result<caf::ok_atom> ping(reader_data &state) {
  return guarded<caf::ok_atom>(
      state, [](soci::session &sql) -> caf::result<caf::ok_atom> {
        int one = 0;
        sql << "SELECT 1", soci::into(one);
        return caf::ok_atom::value;
      });
}

job_reader::behavior_type reader_behavior(reader_pointer self,
                                          session_factory open) {
  self->state.db = std::make_unique<reconnecting_session>(std::move(open));
  return {
      [self](caf::get_atom, const std::string &tenant,
             const std::string &job_id) {
        return get_job(self->state, tenant, job_id);
      },
      [self](list_jobs_atom, const std::string &tenant,
             const std::string &status, std::int32_t limit,
             const std::string &cursor) {
        return list_page(self->state, tenant, status, limit, cursor);
      },
      [self](db_ping_atom) { return ping(self->state); },
  };
}

} // namespace

job_reader spawn_job_reader(caf::actor_system &system, session_factory open) {
  return system.spawn<caf::detached>(reader_behavior, std::move(open));
}

} // namespace orch::persistence
