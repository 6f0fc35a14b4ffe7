#include "provisioning_fixture.hpp"

#include "actors/namespace_slug.hpp"
#include "actors/namespace_step.hpp"
#include "actors/quota_step.hpp"

namespace orch {
namespace {

using namespace std::chrono_literals;

class TenantRegistryTest : public test::registry_test {};

TEST_F(TenantRegistryTest, RegistrationStoresUserTenantAndWorkflowTogether) {
  // One durable registration holds the owner (with the tenant's scopes), the
  // pending tenant with default quotas, and the running execution.
  start_registry();
  auto receipt = sign_up("ada@example.com", "Acme");
  ASSERT_TRUE(receipt.ok());
  ASSERT_EQ(writes->registrations.size(), 1u);
  const auto &stored = writes->registrations.front();
  EXPECT_EQ(stored.user.user_id, receipt->user_id);
  EXPECT_EQ(stored.user.tenant_id, receipt->tenant_id);
  EXPECT_EQ(stored.user.scopes, tenant_owner_scopes());
  EXPECT_EQ(stored.tenant.status, tenant_status::pending);
  EXPECT_EQ(stored.tenant.name, "Acme");
  EXPECT_EQ(stored.tenant.quotas.max_running_jobs,
            tenant_quotas{}.max_running_jobs);
  EXPECT_EQ(stored.workflow.workflow_id, receipt->workflow_id);
  EXPECT_EQ(stored.workflow.status, workflow_status::running);
  EXPECT_EQ(stored.workflow.kind, "provision_tenant");
  EXPECT_EQ(stored.workflow.steps.size(), 3u);
}

TEST_F(TenantRegistryTest, ConcurrentDuplicateEmailsSucceedExactlyOnce) {
  // Three sign-ups for one address (any case) while the first commit is
  // held: exactly one succeeds, the others are already_exists at once.
  writes->hold = true;
  start_registry();
  std::vector<std::shared_ptr<test::reply<registration_receipt>>> answers;
  for (const char *email :
       {"ada@example.com", "ADA@example.com", "ada@EXAMPLE.com"})
    answers.push_back(ask_later<registration_receipt>(
        registry, register_atom::value,
        registration_request{email, "$argon2id$hash", "Acme"}));
  run();
  EXPECT_EQ(writes->registrations.size(), 1u);
  release_held_commits();
  writes->hold = false;
  release_held_commits();
  int succeeded = 0, duplicates = 0;
  for (auto &answer : answers) {
    succeeded += answer->ok();
    duplicates += answer->is(orch_errc::already_exists);
  }
  EXPECT_EQ(succeeded, 1);
  EXPECT_EQ(duplicates, 2);
  EXPECT_TRUE(sign_up("Ada@Example.com").is(orch_errc::already_exists));
}

TEST_F(TenantRegistryTest, AFailedCommitLeavesNothingAndFreesTheEmail) {
  // A registration the writer could not store is refused and not
  // remembered: the same email can register afterwards.
  writes->fail_with = make_error(orch_errc::unavailable, "disk on fire");
  start_registry();
  EXPECT_TRUE(sign_up("ada@example.com").is(orch_errc::unavailable));
  EXPECT_TRUE(ask<user_info>(registry, login_atom::value,
                             std::string("ada@example.com"))
                  .is(orch_errc::not_found));
  writes->fail_with = caf::error{};
  EXPECT_TRUE(sign_up("ada@example.com").ok());
}

TEST_F(TenantRegistryTest, AnEmailTheDatabaseHoldsIsRefusedAsRegistered) {
  // A registration the database refuses as a duplicate (another server
  // registered the email) is already_exists naming the email, not the key.
  writes->fail_with = make_error(orch_errc::already_exists, "registration-7");
  start_registry();
  auto refused = sign_up("ada@example.com");
  ASSERT_TRUE(refused.is(orch_errc::already_exists));
  EXPECT_EQ(error_detail(refused.error), "the email is already registered");
}

TEST_F(TenantRegistryTest, LoginFindsTheUserByEmailInAnyCase) {
  // The lookup for login ignores case; an unknown email is not_found.
  start_registry();
  auto receipt = sign_up("ada@example.com");
  auto user = ask<user_info>(registry, login_atom::value,
                             std::string("ADA@example.COM"));
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->user_id, receipt->user_id);
  EXPECT_EQ(user->password_hash, "$argon2id$hash");
  EXPECT_TRUE(ask<user_info>(registry, login_atom::value,
                             std::string("bob@example.com"))
                  .is(orch_errc::not_found));
}

TEST_F(TenantRegistryTest, ARehashReplacesTheStoredHash) {
  // A stronger hash from a login is kept in memory and sent to the writer.
  start_registry();
  auto receipt = sign_up("ada@example.com");
  caf::anon_send(registry, rehash_atom::value, receipt->user_id,
                 std::string("$argon2id$stronger"));
  run();
  auto user = ask<user_info>(registry, login_atom::value,
                             std::string("ada@example.com"));
  EXPECT_EQ(user->password_hash, "$argon2id$stronger");
  ASSERT_EQ(writes->users.size(), 1u);
  EXPECT_EQ(writes->users.front().password_hash, "$argon2id$stronger");
}

TEST_F(TenantRegistryTest, AWorkflowIsSeenByItsTenantOnly) {
  // Another tenant's execution is not_found, unless asked for any tenant.
  start_registry();
  auto ada = sign_up("ada@example.com");
  auto bob = sign_up("bob@example.com");
  EXPECT_TRUE(workflow(ada->tenant_id, ada->workflow_id).ok());
  EXPECT_TRUE(
      workflow(bob->tenant_id, ada->workflow_id).is(orch_errc::not_found));
  EXPECT_TRUE(workflow("", ada->workflow_id, true).ok());
  EXPECT_TRUE(workflow(ada->tenant_id, "wf-nope").is(orch_errc::not_found));
}

TEST_F(TenantRegistryTest, AWaitingReadIsAnsweredWhenTheWorkflowEnds) {
  // With wait_ms the read of a running execution is answered at its end,
  // or at the end of the wait with the execution still running.
  step(0).hold = true;
  start_registry();
  auto ada = sign_up("ada@example.com");
  auto waited =
      ask_later<workflow_info>(registry, workflow_atom::value, ada->tenant_id,
                               ada->workflow_id, false, std::int64_t{1000});
  run();
  EXPECT_FALSE(waited->answered);
  advance(1000ms);
  ASSERT_TRUE(waited->ok());
  EXPECT_EQ((*waited)->status, workflow_status::running);
  waited =
      ask_later<workflow_info>(registry, workflow_atom::value, ada->tenant_id,
                               ada->workflow_id, false, std::int64_t{1000});
  run();
  step(0).release();
  run();
  ASSERT_TRUE(waited->ok());
  EXPECT_EQ((*waited)->status, workflow_status::completed);
}

TEST_F(TenantRegistryTest, OnlyAFailedTenantIsProvisionedAgain) {
  // Provision on a ready tenant is invalid_transition; on a failed one it
  // starts a new execution (tenant pending, then ready) and keeps the old.
  provisioning.max_attempts = 1;
  step(2).script = {step_outcome::failure("down")};
  start_registry();
  auto ada = sign_up("ada@example.com");
  EXPECT_EQ(tenant(ada->tenant_id).status, tenant_status::failed);
  auto again =
      ask<workflow_info>(registry, provision_atom::value, ada->tenant_id);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->workflow_id, ada->workflow_id);
  EXPECT_EQ(writes->snapshots.back().tenant.status, tenant_status::ready);
  EXPECT_EQ(tenant(ada->tenant_id).status, tenant_status::ready);
  EXPECT_EQ(workflow(ada->tenant_id, again->workflow_id)->status,
            workflow_status::completed);
  EXPECT_EQ(workflow(ada->tenant_id, ada->workflow_id)->status,
            workflow_status::failed);
  EXPECT_TRUE(
      ask<workflow_info>(registry, provision_atom::value, ada->tenant_id)
          .is(orch_errc::invalid_transition));
  EXPECT_TRUE(ask<workflow_info>(registry, provision_atom::value,
                                 std::string("tenant-nope"))
                  .is(orch_errc::not_found));
  expect_consistent_snapshots();
}

TEST_F(TenantRegistryTest, NamespacesAreUniqueSlugsOfTheTenantName) {
  // Two tenants named alike get "acme-corp" and "acme-corp-2"; asking again
  // keeps a tenant's namespace; each reservation is stored.
  start_registry();
  auto first = sign_up("ada@example.com", "Acme Corp.");
  auto second = sign_up("bob@example.com", "ACME corp");
  auto reserve = [&](const std::string &tenant_id) {
    return ask<std::string>(registry, reserve_atom::value, tenant_id);
  };
  EXPECT_EQ(*reserve(first->tenant_id), "acme-corp");
  EXPECT_EQ(*reserve(second->tenant_id), "acme-corp-2");
  EXPECT_EQ(*reserve(first->tenant_id), "acme-corp");
  EXPECT_EQ(tenant(second->tenant_id).id_namespace, "acme-corp-2");
  std::size_t stored = 0;
  for (const auto &s : writes->snapshots)
    stored += s.change == tenant_change::id_namespace;
  EXPECT_EQ(stored, 2u);
}

TEST(NamespaceSlugTest, KeepsLowerCaseLettersAndDigitsJoinedByDashes) {
  // Runs of other characters become one dash, none at the ends; never empty.
  EXPECT_EQ(namespace_slug("Acme Corp."), "acme-corp");
  EXPECT_EQ(namespace_slug("  --Ünïcode 42 / Ops--"), "n-code-42-ops");
  EXPECT_EQ(namespace_slug("!!!"), "tenant");
  EXPECT_EQ(namespace_slug(std::string(100, 'x')).size(), 40u);
  EXPECT_EQ(namespace_candidate("acme", 1), "acme");
  EXPECT_EQ(namespace_candidate("acme", 3), "acme-3");
}

class RegistryWithSupervisorTest : public test::registry_test {
protected:
  void start_with_real_steps() {
    supervisor_options options;
    options.settings = settings();
    options.local_workers = 2;
    supervisor = spawn_supervisor(system(), options);
    keep(supervisor);
    steps.clear();
    start_registry_with({std::make_shared<quota_step>(system(), supervisor),
                         std::make_shared<namespace_step>(system())});
  }

  void start_registry_with(provisioning_steps real) {
    tenant_registry_options options;
    options.settings = settings();
    options.writer = spawn_writer();
    options.supervisor = supervisor;
    options.provisioning = provisioning;
    options.steps = std::move(real);
    registry = spawn_tenant_registry(system(), std::move(options));
    keep(registry);
    run();
  }

  tenant_usage usage(const std::string &tenant_id) {
    auto answer = ask<tenant_usage>(supervisor, usage_atom::value, tenant_id);
    EXPECT_TRUE(answer.ok());
    return answer.ok() ? *answer : tenant_usage{};
  }
};

TEST_F(RegistryWithSupervisorTest, TheRealStepsProvisionATenant) {
  // default_quotas and reserve_namespace bring a tenant to ready with its
  // namespace reserved.
  mutable_settings().default_quotas.max_running_jobs = 7;
  start_with_real_steps();
  auto ada = sign_up("ada@example.com", "Acme");
  auto t = tenant(ada->tenant_id);
  EXPECT_EQ(t.status, tenant_status::ready);
  EXPECT_EQ(t.id_namespace, "acme");
  EXPECT_EQ(usage(ada->tenant_id).quotas.max_running_jobs, 7);
  auto wf = workflow(ada->tenant_id, ada->workflow_id);
  ASSERT_EQ(wf->steps.size(), 2u);
  EXPECT_EQ(wf->steps[0].name, "default_quotas");
  EXPECT_EQ(wf->steps[1].name, "reserve_namespace");
}

TEST_F(RegistryWithSupervisorTest, QuotaChangesAreStoredAndForwarded) {
  // New quotas are stored (durably), then in force at the supervisor;
  // negative ones and unknown tenants are refused.
  start_with_real_steps();
  auto ada = sign_up("ada@example.com");
  auto changed = ask<tenant_info>(registry, quotas_atom::value, ada->tenant_id,
                                  tenant_quotas{1, 2, 3});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(changed->quotas.max_pending_jobs, 3);
  EXPECT_EQ(writes->snapshots.back().change, tenant_change::quotas);
  EXPECT_EQ(usage(ada->tenant_id).quotas.max_workers, 1);
  EXPECT_EQ(usage(ada->tenant_id).quotas.max_running_jobs, 2);
  EXPECT_EQ(tenant(ada->tenant_id).quotas.max_pending_jobs, 3);
  EXPECT_TRUE(ask<tenant_info>(registry, quotas_atom::value, ada->tenant_id,
                               tenant_quotas{1, -2, 3})
                  .is(orch_errc::invalid_argument));
  EXPECT_TRUE(ask<tenant_info>(registry, quotas_atom::value,
                               std::string("tenant-nope"), tenant_quotas{})
                  .is(orch_errc::not_found));
}

} // namespace
} // namespace orch
