#include "actors/errors.hpp"
#include "actors/registry_state.hpp"

#include <cctype>

namespace orch {

std::string email_key(const std::string &email) {
  std::string key = email;
  for (auto &c : key)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

void add_user(registry_pointer self, user_info user) {
  auto &s = self->state;
  auto key = email_key(user.email);
  s.email_by_user_id[user.user_id] = key;
  s.users_by_email[key] = std::move(user);
}

namespace {

registration make_registration(registry_pointer self,
                               registration_request &request) {
  auto &s = self->state;
  auto now = s.options.settings->now_ms();
  registration created;
  created.tenant.tenant_id = s.ids.next("tenant", now);
  created.tenant.name = std::move(request.tenant_name);
  created.tenant.status = tenant_status::pending;
  created.tenant.created_at_ms = now;
  created.tenant.updated_at_ms = now;
  created.tenant.quotas = s.options.settings->default_quotas;
  created.user = {s.ids.next("user", now),
                  std::move(request.email),
                  std::move(request.password_hash),
                  created.tenant.tenant_id,
                  tenant_owner_scopes(),
                  now};
  created.workflow = new_workflow(self, created.tenant.tenant_id);
  return created;
}

// The registration committed: it joins memory and its provisioning starts.
registration_receipt admit(registry_pointer self, registration created) {
  auto &s = self->state;
  registration_receipt receipt{created.user.user_id, created.tenant.tenant_id,
                               created.workflow.workflow_id,
                               created.tenant.status};
  s.tenants[created.tenant.tenant_id] = std::move(created.tenant);
  s.workflows[created.workflow.workflow_id] = std::move(created.workflow);
  add_user(self, std::move(created.user));
  start_workflow(self, receipt.workflow_id);
  return receipt;
}

} // namespace

caf::result<registration_receipt> on_register(registry_pointer self,
                                              registration_request request) {
  auto &s = self->state;
  auto key = email_key(request.email);
  if (s.users_by_email.count(key) || s.emails_in_flight.count(key))
    return make_error(orch_errc::already_exists,
                      "the email is already registered");
  if (request.tenant_name.empty() || request.password_hash.empty())
    return make_error(orch_errc::invalid_argument,
                      "a registration needs a tenant name and a password");
  auto created = make_registration(self, request);
  s.emails_in_flight.insert(key);
  auto promise = self->make_response_promise<registration_receipt>();
  store(
      self, created,
      [self, key, created, promise]() mutable {
        self->state.emails_in_flight.erase(key);
        promise.deliver(admit(self, std::move(created)));
      },
      [self, key, promise](caf::error error) mutable {
        self->state.emails_in_flight.erase(key);
        // The database's unique index caught what memory did not (another
        // server on the same database registered it).
        if (is_orch_error(error, orch_errc::already_exists))
          error = make_error(orch_errc::already_exists,
                             "the email is already registered");
        promise.deliver(std::move(error));
      });
  return promise;
}

caf::result<user_info> on_login(registry_pointer self,
                                const std::string &email) {
  auto found = self->state.users_by_email.find(email_key(email));
  if (found == self->state.users_by_email.end())
    return make_error(orch_errc::not_found, "no such user");
  return found->second;
}

void on_rehash(registry_pointer self, const std::string &user_id,
               const std::string &hash) {
  auto &s = self->state;
  auto email = s.email_by_user_id.find(user_id);
  if (email == s.email_by_user_id.end() || hash.empty())
    return;
  auto &user = s.users_by_email.at(email->second);
  user.password_hash = hash;
  if (s.options.writer)
    self->send(s.options.writer, caf::put_atom::value, user);
}

} // namespace orch
