#include "api/authentication.hpp"

#include "api/problem.hpp"

#include <chrono>
#include <strings.h>

namespace orch::api {

std::int64_t authentication_settings::system_now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

authenticator::authenticator(authentication_settings settings)
    : settings_(std::move(settings)) {}

authentication_result
authenticator::authenticate(const http_request &request) const {
  const auto header = request.header("authorization");
  auto token = bearer_token(header);
  if (!token)
    return unauthorized();
  auto verified =
      jwt::verify(*token, settings_.key, settings_.issuer,
                  settings_.now_seconds(), settings_.leeway_seconds);
  if (auto *claims = std::get_if<jwt::claims>(&verified))
    return std::move(*claims);
  return unauthorized();
}

authentication_result authenticator::authorize(const http_request &request,
                                               std::string_view scope) const {
  auto result = authenticate(request);
  if (auto *claims = std::get_if<jwt::claims>(&result))
    if (auto refused = require_scope(*claims, scope))
      return std::move(*refused);
  return result;
}

http_response unauthorized() {
  auto response =
      problem(401, status_title(401), std::string(invalid_credentials_detail));
  response.headers["WWW-Authenticate"] = "Bearer";
  return response;
}

std::optional<http_response> require_scope(const jwt::claims &claims,
                                           std::string_view scope) {
  if (jwt::has_scope(claims, scope))
    return std::nullopt;
  std::string needed(scope);
  auto response =
      problem(403, status_title(403), "the token lacks the scope " + needed,
              {{"required_scope", needed}});
  response.headers["WWW-Authenticate"] =
      "Bearer error=\"insufficient_scope\", scope=\"" + needed + "\"";
  return response;
}

std::optional<std::string_view> bearer_token(std::string_view header_value) {
  constexpr std::string_view scheme = "bearer";
  if (header_value.size() <= scheme.size() ||
      strncasecmp(header_value.data(), scheme.data(), scheme.size()) != 0 ||
      header_value[scheme.size()] != ' ')
    return std::nullopt;
  auto token = header_value.substr(scheme.size());
  auto start = token.find_first_not_of(' ');
  if (start == std::string_view::npos)
    return std::nullopt;
  token.remove_prefix(start);
  auto end = token.find_last_not_of(' ');
  token = token.substr(0, end + 1);
  if (token.find(' ') != std::string_view::npos)
    return std::nullopt;
  return token;
}

} // namespace orch::api
