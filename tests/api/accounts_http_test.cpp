#include "api/jwt.hpp"
#include "api/password_hasher.hpp"
#include "tests/api/tenant_api_fixture.hpp"

#include <chrono>

namespace orch::test {
namespace {

using namespace orch::api;

// base64url of {"alg":"none","typ":"JWT"} and {"alg":"HS512","typ":"JWT"}.
const std::string none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
const std::string hs512_header = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9";

std::int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string signed_token(jwt::claims claims,
                         const std::string &key = test_signing_key) {
  return jwt::sign(claims, key).value_or("");
}

// The payload segment of `token` replaced by `other`'s.
std::string with_payload_of(const std::string &token,
                            const std::string &other) {
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto other_first = other.find('.');
  auto other_second = other.find('.', other_first + 1);
  return token.substr(0, first + 1) +
         other.substr(other_first + 1, other_second - other_first - 1) +
         token.substr(second);
}

std::string with_header(const std::string &token, const std::string &header) {
  return header + token.substr(token.find('.'));
}

class Accounts : public tenant_api {
protected:
  jwt::claims claims_of(const std::string &tenant_id,
                        const std::string &scope = "jobs:read") {
    auto now = now_seconds();
    return {"user-x", tenant_id, scope, now, now + 600, "orchestrator"};
  }

  // Asserts the uniform 401 answer to GET /api/tenants/me with `token`.
  void expect_unauthorized(const std::string &token, const std::string &why) {
    auto response = call("GET", "/api/tenants/me", "", token);
    EXPECT_EQ(response.status, 401) << why << ": " << response.body;
    EXPECT_EQ(response.header("content-type"), "application/problem+json");
    EXPECT_EQ(response.header("www-authenticate"), "Bearer") << why;
    EXPECT_EQ(body_of(response).value("detail", ""),
              "Invalid authentication credentials")
        << why;
  }

  void expect_invalid_field(const http_response &response,
                            const std::string &field) {
    EXPECT_EQ(response.status, 422) << response.body;
    EXPECT_EQ(response.header("content-type"), "application/problem+json");
    EXPECT_EQ(body_of(response).value("field", ""), field) << response.body;
  }
};

TEST_P(Accounts, LoginGivesABearerTokenCarryingTheOwnersScopes) {
  // The token is HS256 with sub, tid, the owner's scopes, iss, and expires
  // in expires_in seconds; it opens GET /api/tenants/me.
  start();
  auto receipt = registered("ada@example.com");
  auto response = log_in("ADA@example.com");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = body_of(response);
  EXPECT_EQ(body.value("token_type", ""), "bearer");
  EXPECT_EQ(body.value("expires_in", 0), 3600);
  auto verified = jwt::verify(body.value("access_token", ""), test_signing_key,
                              "orchestrator", now_seconds(), 30);
  ASSERT_TRUE(std::holds_alternative<jwt::claims>(verified));
  auto claims = std::get<jwt::claims>(verified);
  EXPECT_EQ(claims.sub, receipt.value("user_id", ""));
  EXPECT_EQ(claims.tid, receipt.value("tenant_id", ""));
  EXPECT_EQ(claims.scope,
            "jobs:read jobs:write jobs:exec resources:read resources:write");
  EXPECT_EQ(claims.exp - claims.iat, 3600);
  auto tenant = my_tenant(body.value("access_token", ""));
  EXPECT_EQ(tenant.value("tenant_id", ""), receipt.value("tenant_id", ""));
  EXPECT_EQ(tenant.value("name", ""), "Acme");
  EXPECT_TRUE(tenant["quotas"].contains("max_running_jobs"));
}

TEST_P(Accounts, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  // Both are 401 with the same body: nothing tells which emails exist.
  start();
  registered("ada@example.com");
  auto wrong = log_in("ada@example.com", "wrong password");
  auto unknown = log_in("nobody@example.com", "wrong password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(body_of(wrong).value("detail", ""),
            "Invalid authentication credentials");
}

TEST_P(Accounts, BadTokensAreRefusedWithOneAnswer) {
  // Missing, garbage, expired, tampered, alg none, another algorithm, the
  // wrong key and the wrong issuer: all 401 "Invalid authentication
  // credentials".
  start();
  auto receipt = registered("ada@example.com");
  auto tenant_id = receipt.value("tenant_id", "");
  auto good = signed_token(claims_of(tenant_id));
  auto expired = claims_of(tenant_id);
  expired.iat -= 7200;
  expired.exp = now_seconds() - 3600;
  auto elsewhere = claims_of("tenant-other");
  auto foreign = claims_of(tenant_id);
  foreign.iss = "someone-else";
  expect_unauthorized("", "no token");
  expect_unauthorized("garbage", "garbage");
  expect_unauthorized("a.b.c", "three garbage segments");
  expect_unauthorized(signed_token(expired), "expired");
  expect_unauthorized(with_payload_of(good, signed_token(elsewhere)),
                      "tampered payload");
  expect_unauthorized(with_header(good, none_header), "alg none");
  auto unsigned_token = with_header(good, none_header);
  expect_unauthorized(unsigned_token.substr(0, unsigned_token.rfind('.') + 1),
                      "alg none without signature");
  expect_unauthorized(with_header(good, hs512_header), "alg HS512");
  expect_unauthorized(signed_token(claims_of(tenant_id),
                                   "another-key-of-at-least-32-characters"),
                      "wrong key");
  expect_unauthorized(signed_token(foreign), "wrong issuer");
  EXPECT_EQ(call("GET", "/api/tenants/me", "", good).status, 200);
}

TEST_P(Accounts, AValidTokenWithoutTheScopeIsForbidden) {
  // A tenant owner's token lacks supervisor:write: 403 naming the scope.
  start();
  auto receipt = registered("ada@example.com");
  auto token = token_of("ada@example.com");
  auto tenant_id = receipt.value("tenant_id", "");
  auto quotas = call("PUT", "/api/tenants/" + tenant_id + "/quotas",
                     R"({"max_workers":1,"max_running_jobs":1,)"
                     R"("max_pending_jobs":1})",
                     token);
  EXPECT_EQ(quotas.status, 403) << quotas.body;
  EXPECT_EQ(body_of(quotas).value("required_scope", ""), "supervisor:write");
  auto provision =
      call("POST", "/api/tenants/" + tenant_id + "/provision", "", token);
  EXPECT_EQ(provision.status, 403);
}

TEST_P(Accounts, SignUpRefusesBadFieldsNamingThem) {
  // 422 naming email, password, tenant_name, an unknown field or the body;
  // 409 for an email already registered.
  start();
  auto form = [](json changes) {
    json body{{"email", "ada@example.com"},
              {"password", "correct horse"},
              {"tenant_name", "Acme"}};
    body.update(changes);
    return body.dump();
  };
  expect_invalid_field(
      call("POST", "/auth/register", form({{"email", "not-an-email"}})),
      "email");
  expect_invalid_field(
      call("POST", "/auth/register", form({{"password", "short"}})),
      "password");
  expect_invalid_field(
      call("POST", "/auth/register", form({{"tenant_name", "   "}})),
      "tenant_name");
  expect_invalid_field(call("POST", "/auth/register", form({{"role", "x"}})),
                       "role");
  expect_invalid_field(call("POST", "/auth/register", "{not json"), "body");
  expect_invalid_field(
      call("POST", "/auth/register", R"({"email":"a@example.com"})"),
      "password");
  registered("ada@example.com");
  auto again = sign_up("Ada@Example.com");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.header("content-type"), "application/problem+json");
}

TEST_P(Accounts, AWorkflowIsVisibleToItsTenantOnly) {
  // Another tenant's execution and an unknown id are both 404.
  start();
  auto ada = registered("ada@example.com");
  registered("bob@example.com");
  auto bob = token_of("bob@example.com");
  auto foreign =
      call("GET", "/api/workflows/" + ada.value("workflow_id", ""), "", bob);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_EQ(call("GET", "/api/workflows/wf-unknown", "", bob).status, 404);
  auto own = call("GET", "/api/workflows/" + ada.value("workflow_id", ""), "",
                  token_of("ada@example.com"));
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(call("GET", "/api/workflows/x?wait_ms=soon", "", bob).status, 422);
}

TEST_P(Accounts, AnOperatorSetsQuotasAndProvisionsAFailedTenantAgain) {
  // The operator from ORCH_OPERATOR_EMAIL/PASSWORD sets quotas, is refused
  // re-provisioning a tenant that did not fail (409), and re-provisions a
  // failed one (202) to ready once the webhook answers.
  webhook.respond_with(500);
  start({}, {{"ORCH_OPERATOR_EMAIL", "ops@example.com"},
             {"ORCH_OPERATOR_PASSWORD", "operator password"}});
  auto ada = registered("ada@example.com");
  auto tenant_id = ada.value("tenant_id", "");
  auto owner = token_of("ada@example.com");
  EXPECT_EQ(finished_workflow(owner, ada.value("workflow_id", ""))
                .value("status", ""),
            "failed");
  auto ops = token_of("ops@example.com", "operator password");
  auto quotas = call("PUT", "/api/tenants/" + tenant_id + "/quotas",
                     R"({"max_workers":2,"max_running_jobs":5,)"
                     R"("max_pending_jobs":50})",
                     ops);
  ASSERT_EQ(quotas.status, 200) << quotas.body;
  EXPECT_EQ(body_of(quotas).value("max_running_jobs", 0), 5);
  EXPECT_EQ(my_tenant(owner)["quotas"].value("max_pending_jobs", 0), 50);
  expect_invalid_field(call("PUT", "/api/tenants/" + tenant_id + "/quotas",
                            R"({"max_workers":2})", ops),
                       "max_running_jobs");
  webhook.respond_with(200);
  auto again =
      call("POST", "/api/tenants/" + tenant_id + "/provision", "", ops);
  ASSERT_EQ(again.status, 202) << again.body;
  auto workflow_id = body_of(again).value("workflow_id", "");
  EXPECT_NE(workflow_id, ada.value("workflow_id", ""));
  EXPECT_EQ(finished_workflow(ops, workflow_id).value("status", ""),
            "completed");
  EXPECT_EQ(my_tenant(owner).value("status", ""), "ready");
  auto refused =
      call("POST", "/api/tenants/" + tenant_id + "/provision", "", ops);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(
      call("POST", "/api/tenants/tenant-unknown/provision", "", ops).status,
      404);
}

TEST_P(Accounts, CreateOperatorReadsThePasswordFromStdin) {
  // create-operator makes an account that logs in with supervisor scopes;
  // a second one with the same email, or a short password, is refused.
  auto create = [&](const std::string &email, const std::string &password) {
    return run_to_end(db_.command({"create-operator", "--email", email}), {},
                      ORCH_BINARY_PATH, password + "\n");
  };
  auto made = create("ops@example.com", "operator password");
  EXPECT_EQ(made.exit_code, 0) << made.output;
  auto again = create("OPS@example.com", "operator password");
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("already registered"), std::string::npos);
  EXPECT_EQ(create("other@example.com", "short").exit_code, 1);
  start();
  auto token = token_of("ops@example.com", "operator password");
  auto verified =
      jwt::verify(token, test_signing_key, "orchestrator", now_seconds(), 30);
  ASSERT_TRUE(std::holds_alternative<jwt::claims>(verified));
  EXPECT_EQ(std::get<jwt::claims>(verified).scope,
            "supervisor:read supervisor:write");
  EXPECT_EQ(std::get<jwt::claims>(verified).tid, "");
}

TEST_P(Accounts, AWeakerStoredHashIsUpgradedAtLogin) {
  // A hash made with less memory and fewer passes still logs in, and is
  // replaced by one with the configured parameters.
  start();
  auto receipt = registered("ada@example.com");
  stop();
  argon2_parameters weak;
  weak.memory_kib = 8192;
  weak.passes = 1;
  auto weak_hash = password_hasher(weak).hash("correct horse").value_or("");
  query("UPDATE users SET password_hash = '" + weak_hash +
        "' WHERE user_id = '" + receipt.value("user_id", "") + "'");
  start();
  EXPECT_EQ(log_in("ada@example.com").status, 200);
  stop();
  auto stored = query("SELECT password_hash FROM users WHERE user_id = '" +
                      receipt.value("user_id", "") + "'");
  EXPECT_NE(stored.find("m=19456,t=2,p=1"), std::string::npos) << stored;
  start();
  EXPECT_EQ(log_in("ada@example.com").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, Accounts,
                         ::testing::Values(store::sqlite, store::postgresql),
                         backend_test_name);

} // namespace
} // namespace orch::test
