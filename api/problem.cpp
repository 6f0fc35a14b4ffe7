#include "api/problem.hpp"

namespace orch::api {

std::string status_title(int status) {
  switch (status) {
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 405:
    return "Method Not Allowed";
  case 409:
    return "Conflict";
  case 413:
    return "Content Too Large";
  case 415:
    return "Unsupported Media Type";
  case 422:
    return "Unprocessable Content";
  case 429:
    return "Too Many Requests";
  case 503:
    return "Service Unavailable";
  default:
    return status >= 500 ? "Internal Server Error" : "Error";
  }
}

http_response problem(int status, std::string title, std::string detail,
                      nlohmann::json extra) {
  nlohmann::json body = std::move(extra);
  body["type"] = "about:blank";
  body["title"] = std::move(title);
  body["status"] = status;
  body["detail"] = std::move(detail);
  http_response response;
  response.status = status;
  response.content_type = "application/problem+json";
  response.body = body.dump();
  return response;
}

} // namespace orch::api
