#pragma once

#include <map>
#include <string>

namespace orch::api {

// A request as handlers see it: independent of Pistache, so handlers can be
// exercised without a socket. Header names are lower case.
struct http_request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> path_params;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;
  std::string body;

  std::string header(const std::string &lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

struct http_response {
  int status = 200;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
  std::string body;
};

} // namespace orch::api
