#include "config/config_file.hpp"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.hpp"

namespace orch::config {
namespace {

std::vector<config_entry> entries_of(const std::string &text) {
  return std::get<std::vector<config_entry>>(
      parse_config_text(text, "/x.conf"));
}

std::string error_of(const result<std::vector<config_entry>> &parsed) {
  auto *error = std::get_if<config_error>(&parsed);
  return error ? error->message : "";
}

TEST(ConfigFileTest, ParsesKeyValueLinesWithTheirLineNumbers) {
  // Comments and blank lines are skipped but still counted as lines.
  auto entries = entries_of("# comment\n\nlisten = 1.2.3.4:5\n  workers=8\n");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].key, "listen");
  EXPECT_EQ(entries[0].value, "1.2.3.4:5");
  EXPECT_EQ(entries[0].line, 3);
  EXPECT_EQ(entries[1].key, "workers");
  EXPECT_EQ(entries[1].value, "8");
  EXPECT_EQ(entries[1].line, 4);
}

TEST(ConfigFileTest, TrimsWhitespaceAndStripsOneLayerOfQuotes) {
  // Quotes keep inner spaces; CRLF endings and tabs are trimmed away.
  auto entries =
      entries_of("data-dir =\t\" /a b \" \r\nlog-level = \"\"\nkey = a\"b\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].value, " /a b ");
  EXPECT_EQ(entries[1].value, "");
  EXPECT_EQ(entries[2].value, "a\"b");
}

TEST(ConfigFileTest, KeepsHashInsideAValue) {
  // Only whole-line comments exist, so a '#' in a URL survives.
  auto entries = entries_of("database = postgresql://u:p#w@h/db\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].value, "postgresql://u:p#w@h/db");
}

TEST(ConfigFileTest, RejectsLinesWithoutKeyAndEquals) {
  // A line that is not `key = value` is an error naming file and line.
  EXPECT_EQ(error_of(parse_config_text("workers = 2\nlisten\n", "/x.conf")),
            "config file /x.conf line 2: expected key = value, got \"listen\"");
  EXPECT_EQ(error_of(parse_config_text(" = 2\n", "/x.conf")),
            "config file /x.conf line 1: expected key = value, got \"= 2\"");
}

TEST(ConfigFileTest, RejectsAnUnterminatedQuote) {
  // An opening quote without a closing one names the key and line.
  EXPECT_EQ(error_of(parse_config_text("listen = \"1.2.3.4:5\n", "/x.conf")),
            "config file /x.conf line 1: listen: unterminated quoted value");
}

TEST(ConfigFileTest, ReadsAFileFromDisk) {
  // read_config_file parses the contents of an existing file.
  test::temp_dir dir;
  auto path = dir.write("o.conf", "workers = 3\n");
  auto entries =
      std::get<std::vector<config_entry>>(read_config_file(path, "--config"));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].value, "3");
}

TEST(ConfigFileTest, ReportsAMissingFileAgainstWhatNamedIt) {
  // A missing file or a directory is an error naming the flag or variable.
  test::temp_dir dir;
  auto missing = read_config_file(dir.file("nope.conf"), "ORCH_CONFIG");
  ASSERT_TRUE(std::holds_alternative<config_error>(missing));
  EXPECT_EQ(std::get<config_error>(missing).option, "ORCH_CONFIG");
  EXPECT_EQ(error_of(missing), "ORCH_CONFIG: config file \"" +
                                   (dir.file("nope.conf")) +
                                   "\" does not exist or is not a file");
  EXPECT_NE(error_of(read_config_file(dir.path(), "--config")).find("--config"),
            std::string::npos);
}

} // namespace
} // namespace orch::config
