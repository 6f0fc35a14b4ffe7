#include "api/authentication.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace orch::api;
using nlohmann::json;

namespace {

const std::string key = "a-test-key-of-at-least-32-characters";
constexpr std::int64_t issued = 1'700'000'000;

class AuthenticationTest : public ::testing::Test {
protected:
  AuthenticationTest() : auth_(settings()) {}

  authentication_settings settings() {
    authentication_settings s;
    s.key = key;
    s.leeway_seconds = 30;
    s.now_seconds = [this] { return now_; };
    return s;
  }

  static jwt::claims claims_with(std::string scope, std::int64_t exp) {
    return {"u-1", "t-1", std::move(scope), issued, exp, "orchestrator"};
  }

  static std::string token(const jwt::claims &claims,
                           const std::string &with_key = key) {
    auto signed_token = jwt::sign(claims, with_key);
    EXPECT_TRUE(signed_token);
    return signed_token.value_or("");
  }

  static http_request with_header(std::string value) {
    http_request request;
    request.headers["authorization"] = std::move(value);
    return request;
  }

  // Asserts `result` is the uniform 401 answer.
  static void expect_unauthorized(const authentication_result &result) {
    auto *response = std::get_if<http_response>(&result);
    ASSERT_NE(response, nullptr) << "the token was accepted";
    EXPECT_EQ(response->status, 401);
    EXPECT_EQ(response->content_type, "application/problem+json");
    EXPECT_EQ(response->headers.at("WWW-Authenticate"), "Bearer");
    auto body = json::parse(response->body);
    EXPECT_EQ(body["detail"], "Invalid authentication credentials");
    EXPECT_EQ(body["status"], 401);
  }

  std::int64_t now_ = issued + 10;
  authenticator auth_;
};

TEST_F(AuthenticationTest, AValidBearerTokenGivesItsClaims) {
  // A token this server signed comes back as the claims it carries.
  auto claims = claims_with("jobs:read", issued + 3600);
  auto result = auth_.authenticate(with_header("Bearer " + token(claims)));
  ASSERT_TRUE(std::holds_alternative<jwt::claims>(result));
  EXPECT_EQ(std::get<jwt::claims>(result), claims);
}

TEST_F(AuthenticationTest, TheSchemeIsCaseInsensitive) {
  // "bearer" and "BEARER" name the same scheme (RFC 9110 §11.1).
  auto t = token(claims_with("jobs:read", issued + 3600));
  EXPECT_TRUE(std::holds_alternative<jwt::claims>(
      auth_.authenticate(with_header("bearer " + t))));
  EXPECT_TRUE(std::holds_alternative<jwt::claims>(
      auth_.authenticate(with_header("BEARER  " + t))));
}

TEST_F(AuthenticationTest, NoHeaderOrAnotherSchemeIsUnauthorized) {
  // Without a Bearer token there are no credentials: 401.
  expect_unauthorized(auth_.authenticate(http_request{}));
  expect_unauthorized(auth_.authenticate(with_header("Basic dTpw")));
  expect_unauthorized(auth_.authenticate(with_header("Bearer")));
  expect_unauthorized(auth_.authenticate(with_header("Bearer ")));
  expect_unauthorized(auth_.authenticate(with_header("Bearer a b")));
  expect_unauthorized(auth_.authenticate(with_header("Bearerxyz")));
}

TEST_F(AuthenticationTest, EveryBadTokenGetsTheSameAnswer) {
  // Expired, wrong key, wrong issuer, tampered and garbage tokens: one 401.
  auto expired = claims_with("jobs:read", issued - 3600);
  auto foreign = claims_with("jobs:read", issued + 3600);
  foreign.iss = "someone-else";
  auto good = token(claims_with("jobs:read", issued + 3600));
  auto tampered = good;
  tampered[good.find('.') + 3] ^= 1;
  for (const auto &bad :
       {token(expired),
        token(claims_with("jobs:read", issued + 3600),
              "another-key-of-at-least-32-characters"),
        token(foreign), tampered, std::string("garbage"), std::string("a.b.c")})
    expect_unauthorized(auth_.authenticate(with_header("Bearer " + bad)));
}

TEST_F(AuthenticationTest, ExpiryIsCheckedAgainstTheInjectedClockWithLeeway) {
  // A token 20 s past exp passes with 30 s leeway; 31 s past it does not.
  auto t = token(claims_with("jobs:read", issued + 60));
  now_ = issued + 80;
  EXPECT_TRUE(std::holds_alternative<jwt::claims>(
      auth_.authenticate(with_header("Bearer " + t))));
  now_ = issued + 91;
  expect_unauthorized(auth_.authenticate(with_header("Bearer " + t)));
}

TEST_F(AuthenticationTest, AMissingScopeIsForbiddenAndNamesIt) {
  // require_scope answers 403 naming the scope; a granted one passes.
  auto claims = claims_with("jobs:read resources:read", issued + 3600);
  EXPECT_FALSE(require_scope(claims, "jobs:read"));
  auto refused = require_scope(claims, "jobs:write");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(refused->content_type, "application/problem+json");
  auto body = json::parse(refused->body);
  EXPECT_EQ(body["required_scope"], "jobs:write");
  EXPECT_NE(body["detail"].get<std::string>().find("jobs:write"),
            std::string::npos);
  // A prefix of a granted scope is not granted.
  EXPECT_TRUE(require_scope(claims, "jobs"));
}

TEST_F(AuthenticationTest, AuthorizeChecksTheTokenThenTheScope) {
  // authorize: 401 for a bad token, 403 for a missing scope, else claims.
  auto t = token(claims_with("jobs:read", issued + 3600));
  expect_unauthorized(auth_.authorize(http_request{}, "jobs:read"));
  auto forbidden = auth_.authorize(with_header("Bearer " + t), "jobs:write");
  ASSERT_TRUE(std::holds_alternative<http_response>(forbidden));
  EXPECT_EQ(std::get<http_response>(forbidden).status, 403);
  EXPECT_TRUE(std::holds_alternative<jwt::claims>(
      auth_.authorize(with_header("Bearer " + t), "jobs:read")));
}

TEST(BearerTokenTest, ExtractsExactlyOneTokenAfterTheScheme) {
  // The token is what follows "Bearer " with surrounding spaces removed.
  EXPECT_EQ(bearer_token("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(bearer_token("Bearer   abc  "), "abc");
  EXPECT_FALSE(bearer_token(""));
  EXPECT_FALSE(bearer_token("Token abc"));
  EXPECT_FALSE(bearer_token("Bearer\tabc"));
}

} // namespace
