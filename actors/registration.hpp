#pragma once

#include "actors/tenant_info.hpp"
#include "actors/user_info.hpp"
#include "actors/workflow_info.hpp"

#include <caf/meta/type_name.hpp>

#include <string>

namespace orch {

// A validated sign-up as the REST layer hands it to the tenant registry: the
// password is already hashed (off the actor threads).
struct registration_request {
  std::string email;
  std::string password_hash;
  std::string tenant_name;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, registration_request &x) {
  return f(caf::meta::type_name("registration_request"), x.email,
           x.password_hash, x.tenant_name);
}

// What a sign-up creates, stored in one transaction: the user, the tenant
// (pending) with its quotas, and the provisioning execution (running).
struct registration {
  user_info user;
  tenant_info tenant;
  workflow_info workflow;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, registration &x) {
  return f(caf::meta::type_name("registration"), x.user, x.tenant, x.workflow);
}

// The answer to a sign-up, sent once the registration committed.
struct registration_receipt {
  std::string user_id;
  std::string tenant_id;
  std::string workflow_id;
  tenant_status status = tenant_status::pending;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector &f, registration_receipt &x) {
  return f(caf::meta::type_name("registration_receipt"), x.user_id, x.tenant_id,
           x.workflow_id, x.status);
}

} // namespace orch
