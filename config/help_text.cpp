#include "config/help_text.hpp"

#include <algorithm>

#include "config/option_table.hpp"

namespace orch::config {
namespace {

constexpr std::string_view usage =
    "Usage:\n"
    "  orchestrator serve [OPTIONS]\n"
    "  orchestrator migrate [--database URL]\n"
    "  orchestrator create-operator --email EMAIL [OPTIONS]\n"
    "      creates an operator account; the password is read from stdin\n"
    "  orchestrator --help | --version\n"
    "\n"
    "Options (a flag beats its environment variable, which beats the config\n"
    "file, which beats the default):\n";

constexpr std::string_view notes =
    "\n"
    "The config file has `key = value` lines, keys being the flag names\n"
    "without \"--\" (except config); values may be in double quotes; lines\n"
    "starting with # are comments.\n"
    "\n"
    "At serve, ORCH_OPERATOR_EMAIL and ORCH_OPERATOR_PASSWORD create the\n"
    "first operator account when none exists yet.\n";

constexpr std::size_t flag_column_width = 30;

std::string describe(const option_spec &spec) {
  std::string flag = "  " + spec.flag();
  if (spec.kind != option_kind::boolean_switch) {
    flag += " " + std::string(spec.value_name);
  }
  flag.resize(std::max(flag.size() + 1, flag_column_width), ' ');
  std::string default_text =
      spec.default_text.empty() ? "none" : std::string(spec.default_text);
  return flag + std::string(spec.env) + "\n      " +
         std::string(spec.description) + "\n      default: " + default_text +
         "\n";
}

} // namespace

std::string help_text() {
  std::string text(usage);
  for (const auto &spec : option_table()) {
    text += describe(spec);
  }
  return text + std::string(notes);
}

} // namespace orch::config
