#include "config/config_file.hpp"

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace orch::config {
namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view whitespace = " \t\r\n";
  auto first = text.find_first_not_of(whitespace);
  if (first == std::string_view::npos) {
    return {};
  }
  auto last = text.find_last_not_of(whitespace);
  return text.substr(first, last - first + 1);
}

config_error line_error(const std::string &path, int line,
                        const std::string &option, const std::string &what) {
  return {option, "config file " + path + " line " + std::to_string(line) +
                      ": " + what};
}

// Strips one pair of surrounding double quotes; nullopt if a quote opens
// without closing.
std::optional<std::string_view> unquote(std::string_view value) {
  if (value.empty() || value.front() != '"') {
    return value;
  }
  if (value.size() < 2 || value.back() != '"') {
    return std::nullopt;
  }
  return value.substr(1, value.size() - 2);
}

result<config_entry> parse_line(std::string_view text, const std::string &path,
                                int line) {
  auto equals = text.find('=');
  auto key = trim(text.substr(0, equals));
  if (equals == std::string_view::npos || key.empty()) {
    return line_error(path, line, "",
                      "expected key = value, got \"" + std::string(text) +
                          "\"");
  }
  auto value = unquote(trim(text.substr(equals + 1)));
  if (!value) {
    return line_error(path, line, std::string(key),
                      std::string(key) + ": unterminated quoted value");
  }
  return config_entry{std::string(key), std::string(*value), line};
}

} // namespace

result<std::vector<config_entry>> parse_config_text(std::string_view text,
                                                    const std::string &path) {
  std::vector<config_entry> entries;
  std::istringstream lines{std::string(text)};
  std::string raw;
  for (int line = 1; std::getline(lines, raw); ++line) {
    auto content = trim(raw);
    if (content.empty() || content.front() == '#') {
      continue;
    }
    auto entry = parse_line(content, path, line);
    if (auto *error = std::get_if<config_error>(&entry)) {
      return *error;
    }
    entries.push_back(std::get<config_entry>(std::move(entry)));
  }
  return entries;
}

result<std::vector<config_entry>>
read_config_file(const std::string &path, const std::string &named_by) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    return config_error{named_by, named_by + ": config file \"" + path +
                                      "\" does not exist or is not a file"};
  }
  std::ifstream file(path);
  if (!file) {
    return config_error{named_by, named_by + ": cannot read config file \"" +
                                      path + "\""};
  }
  std::ostringstream text;
  text << file.rdbuf();
  return parse_config_text(text.str(), path);
}

} // namespace orch::config
