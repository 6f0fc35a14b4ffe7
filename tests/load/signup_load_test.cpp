#include "tests/api/tenant_api_fixture.hpp"

#include <set>
#include <thread>

// Tests that load the server with many requests at once. CTest runs them
// alone (RUN_SERIAL): 100 Argon2id hashes of 19 MiB each must not share the
// machine with other tests, or they outlast Pistache's 60 s request limit
// under ThreadSanitizer, where one hash costs about 340 ms.
namespace orch::test {
namespace {

using SignUpLoad = tenant_api;

TEST_P(SignUpLoad, HundredConcurrentSignUpsEachSucceedOnce) {
  // 100 sign-ups at once: 80 addresses, 20 of them sent twice. Every address
  // gets exactly one 201, each repeated one exactly one 409, and there is
  // one user row per address.
  start({"--password-hash-threads", "2"});
  constexpr int addresses = 80;
  constexpr int repeated = 20;
  std::vector<long> statuses(addresses + repeated);
  std::vector<std::thread> clients;
  for (int i = 0; i < addresses + repeated; ++i)
    clients.emplace_back([this, i, &statuses] {
      auto email = "user" + std::to_string(i % addresses) + "@example.com";
      statuses[static_cast<std::size_t>(i)] =
          sign_up(email, "Tenant " + std::to_string(i)).status;
    });
  for (auto &client : clients)
    client.join();
  for (int i = 0; i < addresses; ++i) {
    std::multiset<long> answers{statuses[static_cast<std::size_t>(i)]};
    if (i < repeated)
      answers.insert(statuses[static_cast<std::size_t>(i + addresses)]);
    auto expected =
        i < repeated ? std::multiset<long>{201, 409} : std::multiset<long>{201};
    EXPECT_EQ(answers, expected) << "user" << i;
  }
  EXPECT_EQ(query("SELECT COUNT(*) FROM users"), std::to_string(addresses));
  EXPECT_EQ(query("SELECT COUNT(DISTINCT tenant_id) FROM workflow_executions"),
            std::to_string(addresses));
}

INSTANTIATE_TEST_SUITE_P(Backends, SignUpLoad,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
