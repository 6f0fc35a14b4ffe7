#include "api/router.hpp"

#include <gtest/gtest.h>

using namespace orch::api;

namespace {

router sample_routes() {
  router routes;
  auto none = [](const http_request &, responder) {};
  routes.add("GET", "/api/jobs/{id}", none);
  routes.add("POST", "/api/jobs/{id}/cancel", none);
  routes.add("POST", "/api/jobs/submit", none);
  return routes;
}

} // namespace

// A pattern with a parameter matches and captures the segment.
TEST(Router, CapturesPathParameters) {
  auto routes = sample_routes();
  auto found = routes.lookup("POST", "/api/jobs/j-42/cancel");
  ASSERT_TRUE(std::holds_alternative<route_match>(found));
  auto &match = std::get<route_match>(found);
  EXPECT_EQ(match.matched->pattern, "/api/jobs/{id}/cancel");
  EXPECT_EQ(match.params.at("id"), "j-42");
}

// A literal route wins for its own method; other methods see the parameter
// route or get method_not_allowed.
TEST(Router, DistinguishesNotFoundFromWrongMethod) {
  auto routes = sample_routes();
  EXPECT_TRUE(std::holds_alternative<route_match>(
      routes.lookup("POST", "/api/jobs/submit")));
  EXPECT_TRUE(std::holds_alternative<route_not_found>(
      routes.lookup("GET", "/api/nothing")));
  auto wrong = routes.lookup("DELETE", "/api/jobs/j-1");
  ASSERT_TRUE(std::holds_alternative<method_not_allowed>(wrong));
  EXPECT_EQ(std::get<method_not_allowed>(wrong).allowed,
            std::vector<std::string>{"GET"});
}

// Segment counts must agree: a prefix or a longer path does not match.
TEST(Router, SegmentCountsMustAgree) {
  auto routes = sample_routes();
  EXPECT_TRUE(std::holds_alternative<route_not_found>(
      routes.lookup("GET", "/api/jobs")));
  EXPECT_TRUE(std::holds_alternative<route_not_found>(
      routes.lookup("GET", "/api/jobs/a/b/c")));
}
