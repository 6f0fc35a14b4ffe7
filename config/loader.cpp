#include "config/loader.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string_view>

#include "config/config_file.hpp"
#include "config/data_dir.hpp"
#include "config/option_table.hpp"

namespace orch::config {
namespace {

// The text one source gives for one option.
struct setting {
  const option_spec *spec;
  std::string value;
  // The option as the source spells it: "--listen", "ORCH_LISTEN", "listen".
  std::string option;
  // Where in the source, for config files: "config file F line 3: ".
  std::string where;
};

config_error invalid(const setting &source, const invalid_value &value) {
  return {source.option, source.where + source.option + ": " + value.reason};
}

bool looks_like_flag(const std::string &arg) {
  return arg.rfind("--", 0) == 0;
}

// Parses the flag at args[index], advancing index past a separate value.
result<setting> parse_flag(const std::vector<std::string> &args,
                           std::size_t &index) {
  const std::string &arg = args[index];
  if (!looks_like_flag(arg)) {
    return config_error{arg, "unexpected argument \"" + arg + "\""};
  }
  auto equals = arg.find('=');
  std::string flag = arg.substr(0, equals);
  const option_spec *spec = find_option(flag.substr(2));
  if (spec == nullptr) {
    return config_error{flag, "unknown flag \"" + flag +
                                  "\"; see orchestrator --help"};
  }
  if (equals != std::string::npos) {
    return setting{spec, arg.substr(equals + 1), flag, ""};
  }
  if (spec->kind == option_kind::boolean_switch) {
    return setting{spec, "true", flag, ""};
  }
  if (index + 1 >= args.size() || looks_like_flag(args[index + 1])) {
    return config_error{flag, flag + ": missing value, expected " +
                                  std::string(spec->value_name)};
  }
  return setting{spec, args[++index], flag, ""};
}

result<std::vector<setting>> parse_flags(const std::vector<std::string> &args) {
  std::vector<setting> settings;
  for (std::size_t index = 0; index < args.size(); ++index) {
    auto flag = parse_flag(args, index);
    if (auto *error = std::get_if<config_error>(&flag)) {
      return *error;
    }
    settings.push_back(std::get<setting>(std::move(flag)));
  }
  return settings;
}

std::vector<setting> env_settings(const environment &env) {
  std::vector<setting> settings;
  for (const auto &spec : option_table()) {
    auto found = env.find(std::string(spec.env));
    if (found != env.end()) {
      settings.push_back({&spec, found->second, found->first, ""});
    }
  }
  return settings;
}

// The last --config flag, else ORCH_CONFIG, else none.
std::optional<setting> config_file_source(const std::vector<setting> &flags,
                                          const std::vector<setting> &envs) {
  for (const auto *list : {&flags, &envs}) {
    for (auto it = list->rbegin(); it != list->rend(); ++it) {
      if (it->spec->kind == option_kind::config_path) {
        return *it;
      }
    }
  }
  return std::nullopt;
}

result<std::vector<setting>> file_settings(const setting &source) {
  auto entries = read_config_file(source.value, source.option);
  if (auto *error = std::get_if<config_error>(&entries)) {
    return *error;
  }
  std::vector<setting> settings;
  for (auto &entry : std::get<std::vector<config_entry>>(entries)) {
    std::string where = "config file " + source.value + " line " +
                        std::to_string(entry.line) + ": ";
    const option_spec *spec = find_option(entry.key);
    if (spec == nullptr || spec->kind == option_kind::config_path) {
      return config_error{entry.key,
                          where + "unknown key \"" + entry.key + "\""};
    }
    settings.push_back({spec, std::move(entry.value), entry.key, where});
  }
  return settings;
}

// The options after applying settings in order (later ones win), with the
// setting that last set each option by option name.
struct applied_settings {
  options opts;
  std::map<std::string_view, const setting *> set_by;
};

result<applied_settings> apply(const std::vector<setting> &settings) {
  applied_settings applied;
  for (const auto &source : settings) {
    if (source.spec->kind == option_kind::config_path) {
      continue;
    }
    if (auto problem = source.spec->apply(source.value, applied.opts)) {
      return invalid(source, *problem);
    }
    applied.set_by[source.spec->name] = &source;
  }
  return applied;
}

load_result finish(applied_settings applied) {
  options &opts = applied.opts;
  if (applied.set_by.count("database") == 0) {
    auto path = std::filesystem::path(opts.data_dir) / "orchestrator.db";
    opts.database_url = "sqlite:" + path.string();
  }
  if (auto problem = prepare_data_dir(opts.data_dir)) {
    auto found = applied.set_by.find("data-dir");
    if (found != applied.set_by.end()) {
      return invalid(*found->second, *problem);
    }
    return config_error{"--data-dir", "--data-dir: " + problem->reason};
  }
  return opts;
}

} // namespace

load_result load_options(const std::vector<std::string> &args,
                         const environment &env) {
  auto flags = parse_flags(args);
  if (auto *error = std::get_if<config_error>(&flags)) {
    return *error;
  }
  auto &flag_list = std::get<std::vector<setting>>(flags);
  auto env_list = env_settings(env);
  std::vector<setting> settings;
  if (auto config = config_file_source(flag_list, env_list)) {
    auto file = file_settings(*config);
    if (auto *error = std::get_if<config_error>(&file)) {
      return *error;
    }
    settings = std::get<std::vector<setting>>(std::move(file));
  }
  settings.insert(settings.end(), env_list.begin(), env_list.end());
  settings.insert(settings.end(), flag_list.begin(), flag_list.end());
  auto applied = apply(settings);
  if (auto *error = std::get_if<config_error>(&applied)) {
    return *error;
  }
  return finish(std::get<applied_settings>(std::move(applied)));
}

} // namespace orch::config
