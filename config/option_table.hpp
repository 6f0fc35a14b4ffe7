#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/options.hpp"
#include "config/values.hpp"

namespace orch::config {

enum class option_kind {
  // --name VALUE or --name=VALUE.
  value,
  // --name alone means true; --name=VALUE, the environment and the config
  // file give a boolean text.
  boolean_switch,
  // --config: names the config file, so it cannot be a key inside one.
  config_path,
};

// One option: its flag, environment twin and config-file key, and how a text
// from any of those sources is applied. The single source of truth for flag,
// environment and file parsing and for the help text.
struct option_spec {
  // The flag without "--"; also the config-file key.
  std::string_view name;
  std::string_view env;
  // Placeholder for the value in the help text, e.g. "HOST:PORT".
  std::string_view value_name;
  // The default as the help text shows it; empty means none.
  std::string_view default_text;
  std::string_view description;
  option_kind kind;
  // Sets the option in opts from text, or says why text is invalid. Null for
  // option_kind::config_path, which sets no option.
  std::optional<invalid_value> (*apply)(std::string_view text, options &opts);

  std::string flag() const { return "--" + std::string(name); }
};

// Every option, in the order the help text lists them.
const std::vector<option_spec> &option_table();

// The option whose flag (without "--") or config-file key is name, or null.
const option_spec *find_option(std::string_view name);

} // namespace orch::config
