#include "api/router.hpp"

#include <algorithm>

namespace orch::api {

namespace {

std::vector<std::string> split_path(const std::string &path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos)
      slash = path.size();
    if (slash > start)
      segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

bool is_parameter(const std::string &segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool match(const std::string &pattern, const std::string &path,
           std::map<std::string, std::string> &params) {
  auto want = split_path(pattern);
  auto got = split_path(path);
  if (want.size() != got.size())
    return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (is_parameter(want[i]))
      params[want[i].substr(1, want[i].size() - 2)] = got[i];
    else if (want[i] != got[i])
      return false;
  }
  return true;
}

} // namespace

void router::add(std::string method, std::string pattern, handler run) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(run)});
}

lookup_result router::lookup(const std::string &method,
                             const std::string &path) const {
  method_not_allowed wrong_method;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto &r = routes_[i];
    std::map<std::string, std::string> params;
    if (!match(r.pattern, path, params))
      continue;
    if (r.method == method)
      return route_match{&r, i, std::move(params)};
    wrong_method.allowed.push_back(r.method);
  }
  if (wrong_method.allowed.empty())
    return route_not_found{};
  std::sort(wrong_method.allowed.begin(), wrong_method.allowed.end());
  return wrong_method;
}

} // namespace orch::api
