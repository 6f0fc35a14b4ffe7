#pragma once

// Shared by the tenant registry and provisioning workflow tests: steps whose
// attempts end as a test scripts them, a snapshot writer that records what
// the registry stores, and a registry fixture on the deterministic scheduler.

#include "actor_test_fixture.hpp"

#include "actors/tenant_registry.hpp"

#include <deque>

namespace orch::test {

// A step whose attempts end as scripted: each attempt takes the next
// outcome (success once the script is used up), or, while `hold` is set,
// waits until the test calls release().
class scripted_step final : public provisioning_step {
public:
  explicit scripted_step(std::string name) : name_(std::move(name)) {}

  std::string name() const override { return name_; }

  void start(const step_context &context, done_callback done) override {
    contexts.push_back(context);
    auto outcome = script.empty() ? step_outcome::success() : script.front();
    if (!script.empty())
      script.pop_front();
    if (hold)
      held.push_back({std::move(done), outcome});
    else
      done(outcome);
  }

  // Ends every held attempt with its scripted outcome.
  void release() {
    hold = false;
    auto waiting = std::move(held);
    held.clear();
    for (auto &[done, outcome] : waiting)
      done(outcome);
  }

  std::deque<step_outcome> script;
  bool hold = false;
  std::vector<std::pair<done_callback, step_outcome>> held;
  std::vector<step_context> contexts;

private:
  std::string name_;
};

// What the fake writer stored, and how it answers.
struct tenant_writes : held_commits {
  std::vector<registration> registrations;
  std::vector<tenant_snapshot> snapshots;
  std::vector<user_info> users;
  // Answer durable requests with this error instead of ok.
  caf::error fail_with;
};

// The fake writer, plus a message that releases held commits from inside the
// actor (a promise must be delivered from its own actor's context).
using fake_tenant_writer =
    tenant_snapshot_writer::extend<caf::reacts_to<caf::ok_atom>>;

class registry_test : public actor_test {
protected:
  registry_test() {
    provisioning.max_attempts = 3;
    provisioning.backoff_base = 100ms;
    provisioning.step_timeout = 5s;
    use_steps({"a", "b", "c"});
  }

  // Scripted steps named so, in order ("a", "b", "c" by default).
  void use_steps(std::vector<std::string> names) {
    steps.clear();
    for (auto &name : names)
      steps.push_back(std::make_shared<scripted_step>(std::move(name)));
  }

  scripted_step &step(std::size_t index) { return *steps.at(index); }

  tenant_snapshot_writer spawn_writer() {
    auto log = writes;
    auto writer = system().spawn([log](fake_tenant_writer::pointer self)
                                     -> fake_tenant_writer::behavior_type {
      auto answer = [self, log]() -> caf::result<caf::ok_atom> {
        if (log->fail_with)
          return log->fail_with;
        return log->answer(self);
      };
      return {
          [log](caf::ok_atom) { log->release(); },
          [log, answer](snapshot_atom, const registration &r) {
            log->registrations.push_back(r);
            return answer();
          },
          [log, answer](snapshot_atom, const tenant_snapshot &t) {
            log->snapshots.push_back(t);
            return answer();
          },
          [log](caf::put_atom, const user_info &u) { log->users.push_back(u); },
      };
    });
    keep(writer);
    writer_ = writer;
    return writer;
  }

  // Answers the commits held so far; `hold` stays as it is.
  void release_held_commits() {
    caf::anon_send(writer_, caf::ok_atom::value);
    run();
  }

  // Starts the registry with a recording writer on the given stored state.
  void start_registry(std::vector<user_info> users = {},
                      std::vector<tenant_info> tenants = {},
                      std::vector<workflow_info> workflows = {}) {
    tenant_registry_options options;
    options.settings = settings();
    options.writer = spawn_writer();
    options.supervisor = supervisor;
    options.provisioning = provisioning;
    for (auto &s : steps)
      options.steps.push_back(s);
    options.users = std::move(users);
    options.tenants = std::move(tenants);
    options.workflows = std::move(workflows);
    registry = spawn_tenant_registry(system(), std::move(options));
    keep(registry);
    run();
  }

  reply<registration_receipt> sign_up(std::string email,
                                      std::string tenant = "Acme") {
    return ask<registration_receipt>(registry, register_atom::value,
                                     registration_request{std::move(email),
                                                          "$argon2id$hash",
                                                          std::move(tenant)});
  }

  tenant_info tenant(const std::string &id) {
    auto answer = ask<tenant_info>(registry, tenant_atom::value, id);
    EXPECT_TRUE(answer.ok()) << "tenant " << id;
    return answer.ok() ? *answer : tenant_info{};
  }

  reply<workflow_info> workflow(const std::string &tenant_id,
                                const std::string &id, bool any = false) {
    return ask<workflow_info>(registry, workflow_atom::value, tenant_id, id,
                              any, std::int64_t{0});
  }

  // Every stored snapshot has a tenant status that matches its execution.
  void expect_consistent_snapshots() {
    for (const auto &snapshot : writes->snapshots) {
      if (snapshot.workflows.empty())
        continue;
      auto status = snapshot.tenant.status;
      switch (snapshot.workflows.front().status) {
      case workflow_status::running:
        EXPECT_TRUE(status == tenant_status::pending ||
                    status == tenant_status::running)
            << to_string(status);
        break;
      case workflow_status::completed:
        EXPECT_EQ(status, tenant_status::ready);
        break;
      case workflow_status::failed:
        EXPECT_EQ(status, tenant_status::failed);
        break;
      }
    }
  }

  std::vector<std::shared_ptr<scripted_step>> steps;
  provisioning_settings provisioning;
  supervisor_actor supervisor;
  tenant_registry registry;
  std::shared_ptr<tenant_writes> writes = std::make_shared<tenant_writes>();

private:
  fake_tenant_writer writer_;
};

} // namespace orch::test
