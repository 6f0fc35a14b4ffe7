#include "config/help_text.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "config/option_table.hpp"

namespace orch::config {
namespace {

bool contains(const std::string &text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST(HelpTextTest, ListsEveryOptionWithEnvironmentTwinAndDefault) {
  // Each table row shows up with its flag, value, env twin and default.
  const std::string help = help_text();
  for (const auto &spec : option_table()) {
    EXPECT_TRUE(contains(help, spec.flag())) << spec.name;
    EXPECT_TRUE(contains(help, spec.env)) << spec.name;
    EXPECT_TRUE(contains(help, spec.description)) << spec.name;
    std::string default_line =
        "default: " +
        (spec.default_text.empty() ? "none" : std::string(spec.default_text));
    EXPECT_TRUE(contains(help, default_line)) << spec.name;
  }
  EXPECT_TRUE(contains(help, "--listen HOST:PORT"));
}

TEST(HelpTextTest, ShowsTheUsageOfEverySubcommand) {
  // The usage line of every implemented subcommand is present.
  const std::string help = help_text();
  EXPECT_TRUE(contains(help, "orchestrator serve [OPTIONS]"));
  EXPECT_TRUE(contains(help, "orchestrator migrate [--database URL]"));
  EXPECT_TRUE(contains(help, "orchestrator create-operator --email EMAIL"));
  EXPECT_TRUE(contains(help, "ORCH_OPERATOR_EMAIL"));
  EXPECT_TRUE(contains(help, "ORCH_OPERATOR_PASSWORD"));
  EXPECT_TRUE(contains(help, "orchestrator --help | --version"));
}

TEST(HelpTextTest, FitsAnEightyColumnTerminal) {
  // No line of the help is wider than 80 characters.
  std::istringstream lines(help_text());
  std::string line;
  while (std::getline(lines, line)) {
    EXPECT_LE(line.size(), 80u) << line;
  }
}

} // namespace
} // namespace orch::config
