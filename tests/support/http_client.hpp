#pragma once

#include <map>
#include <string>

namespace orch::test {

struct http_response {
  long status = 0;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;
  std::string error; // transport error, empty when a response arrived

  std::string header(const std::string &lower_name) const;
};

// A blocking HTTP/1.1 client on libcurl, for tests only.
struct http_request {
  std::string method = "GET";
  std::string url;
  std::string body;
  std::map<std::string, std::string> headers;
  long timeout_ms = 10000;
};

http_response send(const http_request &request);

} // namespace orch::test
