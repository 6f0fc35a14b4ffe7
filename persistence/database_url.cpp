#include "persistence/database_url.hpp"

#include <cctype>
#include <optional>

namespace orch::persistence {

namespace {

std::optional<std::string> percent_decode(const std::string &text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit((unsigned char)text[i + 1]) ||
        !std::isxdigit((unsigned char)text[i + 2]))
      return std::nullopt;
    out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return out;
}

// libpq quotes values in single quotes, escaping quote and backslash.
std::string pq_pair(const std::string &key, const std::string &value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\')
      quoted += '\\';
    quoted += c;
  }
  return key + "=" + quoted + "' ";
}

struct url_parts {
  std::string userinfo, host, port, database, query;
};

std::optional<url_parts> split_url(const std::string &rest) {
  url_parts parts;
  auto path_at = rest.find_first_of("/?");
  std::string authority = rest.substr(0, path_at);
  std::string tail = path_at == std::string::npos ? "" : rest.substr(path_at);
  if (auto at = authority.rfind('@'); at != std::string::npos) {
    parts.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string::npos)
      return std::nullopt;
    parts.host = authority.substr(1, close - 1);
    authority = authority.substr(close + 1);
    if (!authority.empty() && authority.front() != ':')
      return std::nullopt;
    parts.port = authority.empty() ? "" : authority.substr(1);
  } else {
    auto colon = authority.find(':');
    parts.host = authority.substr(0, colon);
    parts.port = colon == std::string::npos ? "" : authority.substr(colon + 1);
  }
  auto question = tail.find('?');
  parts.database = tail.substr(0, question);
  if (!parts.database.empty())
    parts.database.erase(0, 1);
  parts.query = question == std::string::npos ? "" : tail.substr(question + 1);
  return parts;
}

bool valid_port(const std::string &port) {
  if (port.empty() || port.size() > 5)
    return port.empty();
  for (char c : port)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  auto value = std::stoi(port);
  return value > 0 && value <= 65535;
}

std::variant<connection_target, url_error>
postgres_target(const std::string &url, const std::string &rest) {
  auto parts = split_url(rest);
  if (!parts || !valid_port(parts->port))
    return url_error{"database URL " + redact_database_url(url) +
                     ": malformed host or port"};
  std::string pairs;
  auto add = [&](const std::string &key, const std::string &raw) {
    auto value = percent_decode(raw);
    if (!value)
      return false;
    if (!value->empty())
      pairs += pq_pair(key, *value);
    return true;
  };
  auto colon = parts->userinfo.find(':');
  bool ok = add("user", parts->userinfo.substr(0, colon)) &&
            add("password", colon == std::string::npos
                                ? ""
                                : parts->userinfo.substr(colon + 1)) &&
            add("host", parts->host) && add("port", parts->port) &&
            add("dbname", parts->database);
  size_t start = 0;
  while (ok && start < parts->query.size()) {
    auto amp = parts->query.find('&', start);
    auto item = parts->query.substr(start, amp - start);
    auto eq = item.find('=');
    ok = eq != std::string::npos && eq > 0 &&
         add(item.substr(0, eq), item.substr(eq + 1));
    start = amp == std::string::npos ? parts->query.size() : amp + 1;
  }
  if (!ok)
    return url_error{"database URL " + redact_database_url(url) +
                     ": malformed escape or query parameter"};
  if (!pairs.empty())
    pairs.pop_back();
  return connection_target{backend::postgresql, pairs};
}

} // namespace

std::variant<connection_target, url_error>
parse_database_url(const std::string &url) {
  const std::string sqlite = "sqlite:";
  if (url.compare(0, sqlite.size(), sqlite) == 0) {
    auto path = url.substr(sqlite.size());
    if (path.empty())
      return url_error{"database URL sqlite: needs a file path"};
    return connection_target{backend::sqlite, path};
  }
  for (std::string scheme : {"postgresql://", "postgres://"})
    if (url.compare(0, scheme.size(), scheme) == 0)
      return postgres_target(url, url.substr(scheme.size()));
  return url_error{"database URL must start with sqlite: or postgresql://"};
}

std::string redact_database_url(const std::string &url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos)
    return url;
  auto at = url.find('@', scheme_end);
  auto colon = url.find(':', scheme_end + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at)
    return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

} // namespace orch::persistence
