#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config_error.hpp"

namespace orch::config {

// One `key = value` line of a config file.
struct config_entry {
  std::string key;
  std::string value;
  int line;
};

// Parses config-file text: `key = value` lines with surrounding whitespace
// trimmed and optional double quotes around the value; blank lines and lines
// starting with `#` are skipped. A `#` after a value belongs to the value, so
// URLs and paths may contain one. Keys are not checked here; path only names
// the file in error messages.
result<std::vector<config_entry>> parse_config_text(std::string_view text,
                                                    const std::string &path);

// Reads and parses the file at path. named_by is the flag or environment
// variable that named the file; errors opening it are reported against that.
result<std::vector<config_entry>> read_config_file(const std::string &path,
                                                   const std::string &named_by);

} // namespace orch::config
