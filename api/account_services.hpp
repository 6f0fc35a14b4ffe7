#pragma once

#include "actors/tenant_registry.hpp"
#include "api/authentication.hpp"
#include "api/hash_pool.hpp"
#include "api/password_hasher.hpp"
#include "api/router.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace orch::api {

// What the account and tenant routes work with. Hashing runs on `hashes`,
// never on an HTTP or actor thread; every question goes to `registry` as one
// message whose answer comes back on a CAF thread.
struct account_services {
  caf::actor_system *system = nullptr;
  tenant_registry registry;
  std::shared_ptr<hash_pool> hashes;
  std::shared_ptr<const password_hasher> hasher;
  std::shared_ptr<const authenticator> auth;
  // A hash of no one's password, verified for an unknown email, so that a
  // login for it takes as long as one with a wrong password.
  std::string dummy_hash;
  std::int64_t token_lifetime_seconds = 3600;
  // Longer than the registry's own wait for a commit.
  std::chrono::milliseconds registry_timeout{65000};
};

using account_services_ptr = std::shared_ptr<const account_services>;

// A route handler calling `on_request(services, request, reply)`.
template <class Handler>
handler with_services(account_services_ptr services, Handler on_request) {
  return [services, on_request](const http_request &request, responder reply) {
    on_request(services, request, std::move(reply));
  };
}

} // namespace orch::api
