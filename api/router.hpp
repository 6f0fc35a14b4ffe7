#pragma once

#include "api/http_types.hpp"
#include "api/responder.hpp"

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace orch::api {

// A handler answers through its responder exactly once, now or later from
// another thread; it never blocks waiting for an actor.
using handler = std::function<void(const http_request &, responder)>;

struct route {
  std::string method;
  std::string pattern; // "/api/jobs/{id}": segments in braces are parameters
  handler run;
};

struct route_not_found {};
struct method_not_allowed {
  std::vector<std::string> allowed;
};
struct route_match {
  const route *matched;
  std::size_t index; // of `matched` in routes()
  std::map<std::string, std::string> params;
};
using lookup_result =
    std::variant<route_match, route_not_found, method_not_allowed>;

// Matches a method and path against registered patterns. A path that matches
// some pattern but not with this method is `method_not_allowed`, so the
// server can answer 405 with an Allow header instead of 404.
class router {
public:
  void add(std::string method, std::string pattern, handler run);
  lookup_result lookup(const std::string &method,
                       const std::string &path) const;
  const std::vector<route> &routes() const { return routes_; }

private:
  std::vector<route> routes_;
};

} // namespace orch::api
