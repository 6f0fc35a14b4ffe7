#include "actors/errors.hpp"
#include "api/email_address.hpp"
#include "api/error_problem.hpp"
#include "api/json_body.hpp"
#include "api/rfc3339.hpp"
#include "api/tenant_json.hpp"

#include <caf/sec.hpp>
#include <gtest/gtest.h>

using namespace orch;
using namespace orch::api;
using nlohmann::json;

namespace {

std::string field_of(const http_response &response) {
  return json::parse(response.body).value("field", "");
}

TEST(EmailAddressTest, AcceptsPlainAddressesAndNamesTheFieldOtherwise) {
  // name@domain.tld passes; empty, spaced, @-less, dotless, doubled @ fail.
  EXPECT_FALSE(check_email("ada@example.com"));
  EXPECT_FALSE(check_email("a.b+tag@mail.example.org"));
  for (const char *bad :
       {"", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com",
        "a da@example.com", "ada@example.com.", "ada@.example.com"}) {
    auto refused = check_email(bad);
    ASSERT_TRUE(refused) << bad;
    EXPECT_EQ(refused->field, "email");
  }
  EXPECT_TRUE(check_email(std::string(250, 'a') + "@x.io"));
}

TEST(JsonBodyTest, OnlyAnObjectWithKnownFieldsIsAccepted) {
  // Malformed JSON names "body", an unknown field names itself.
  EXPECT_TRUE(std::holds_alternative<json>(
      parse_json_object(R"({"a":1})", {"a", "b"})));
  auto malformed = parse_json_object("[1]", {"a"});
  ASSERT_TRUE(std::holds_alternative<http_response>(malformed));
  EXPECT_EQ(std::get<http_response>(malformed).status, 422);
  EXPECT_EQ(field_of(std::get<http_response>(malformed)), "body");
  auto unknown = parse_json_object(R"({"a":1,"zz":2})", {"a"});
  EXPECT_EQ(field_of(std::get<http_response>(unknown)), "zz");
}

TEST(JsonBodyTest, RequiredFieldsAreCheckedForPresenceTypeAndRange) {
  // A missing, mistyped or out-of-range field is a 422 naming it.
  json object{{"s", "text"}, {"n", 5}, {"f", 1.5}, {"big", 1ull << 63}};
  EXPECT_EQ(std::get<std::string>(required_string(object, "s")), "text");
  EXPECT_EQ(field_of(std::get<http_response>(required_string(object, "n"))),
            "n");
  EXPECT_EQ(std::get<std::int64_t>(required_integer(object, "n", 0, 10)), 5);
  for (const char *name : {"f", "big", "missing"})
    EXPECT_EQ(field_of(std::get<http_response>(
                  required_integer(object, name, 0, 10))),
              name);
  EXPECT_TRUE(std::holds_alternative<http_response>(
      required_integer(object, "n", 6, 10)));
}

TEST(Rfc3339Test, FormatsUtcWithMilliseconds) {
  // Milliseconds since the epoch as RFC 3339 UTC; 0 is null.
  EXPECT_EQ(rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_TRUE(rfc3339_or_null(0).is_null());
}

TEST(ErrorProblemTest, DomainErrorsMapToTheirStatus) {
  // not_found 404, already_exists and invalid_transition 409,
  // invalid_argument 422, unavailable 503 with Retry-After; others 503.
  EXPECT_EQ(problem_from_error(make_error(orch_errc::not_found, "x")).status,
            404);
  EXPECT_EQ(problem_from_error(make_error(orch_errc::already_exists)).status,
            409);
  EXPECT_EQ(
      problem_from_error(make_error(orch_errc::invalid_transition)).status,
      409);
  EXPECT_EQ(problem_from_error(make_error(orch_errc::invalid_argument)).status,
            422);
  auto unavailable = problem_from_error(make_error(orch_errc::unavailable));
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.headers.at("Retry-After"), "1");
  auto timeout = problem_from_error(caf::make_error(caf::sec::request_timeout));
  EXPECT_EQ(timeout.status, 503);
  EXPECT_EQ(json::parse(problem_from_error(make_error(orch_errc::not_found,
                                                      "no workflow wf-1"))
                            .body)
                .value("detail", ""),
            "no workflow wf-1");
}

TEST(TenantJsonTest, IsActiveFollowsTheStatus) {
  // is_active is true exactly for ready; unset times and texts are null.
  tenant_info tenant;
  tenant.tenant_id = "t-1";
  tenant.status = tenant_status::running;
  auto body = tenant_json(tenant);
  EXPECT_FALSE(body.value("is_active", true));
  EXPECT_TRUE(body["namespace"].is_null());
  tenant.status = tenant_status::ready;
  EXPECT_TRUE(tenant_json(tenant).value("is_active", false));
  workflow_info workflow;
  workflow.steps = {{"a", "failed", 3, "boom"}};
  auto wf = workflow_json(workflow);
  EXPECT_TRUE(wf["finished_at"].is_null());
  EXPECT_EQ(wf["steps"][0].value("error", ""), "boom");
}

} // namespace
