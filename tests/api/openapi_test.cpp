#include "api/api_routes.hpp"
#include "api/openapi_routes.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using namespace orch::test;
using nlohmann::json;

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

// "get /api/jobs/{id}" for every route the server registers.
std::set<std::string> registered_routes() {
  orch::api::router routes;
  orch::api::add_api_routes(routes, {}, nullptr, [](auto done) { done(true); });
  std::set<std::string> names;
  for (const auto &r : routes.routes())
    names.insert(lower(r.method) + " " + r.pattern);
  return names;
}

std::set<std::string> documented_routes(const json &doc) {
  std::set<std::string> names;
  for (const auto &[path, methods] : doc["paths"].items())
    for (const auto &[method, operation] : methods.items())
      names.insert(method + " " + path);
  return names;
}

} // namespace

// Every registered route is in api/openapi.json and every documented one is
// registered.
TEST(OpenApi, DocumentsExactlyTheRegisteredRoutes) {
  auto doc = json::parse(orch::api::openapi_document(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u);
  EXPECT_EQ(documented_routes(doc), registered_routes());
}

// The server serves the document at /openapi.json without a token.
TEST(OpenApi, TheServerServesTheDocument) {
  temp_dir data;
  server_process server(
      {"serve", "--data-dir", data.path(), "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(server.wait_ready()) << server.output();
  http_request request;
  request.url = server.base_url() + "/openapi.json";
  auto response = send(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(json::parse(response.body, nullptr, false),
            json::parse(orch::api::openapi_document()));
}
