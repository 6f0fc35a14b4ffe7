#include "config/option_table.hpp"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

namespace orch::config {
namespace {

auto fields_of(const options &o) {
  return std::tie(o.listen.host, o.listen.port, o.data_dir, o.database_url,
                  o.workers, o.jwt_key_file, o.enable_command_tasks,
                  o.provisioning_webhook, o.log_level, o.http_threads,
                  o.actor_threads, o.password_hash_threads, o.max_request_bytes,
                  o.commit_max_batch, o.commit_delay_ms, o.retained_jobs);
}

TEST(OptionTableTest, NamesAndEnvironmentTwinsAreUnique) {
  // No two options share a flag or an environment variable.
  std::set<std::string_view> names;
  std::set<std::string_view> envs;
  for (const auto &spec : option_table()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    EXPECT_TRUE(envs.insert(spec.env).second) << spec.env;
    EXPECT_EQ(spec.env.substr(0, 5), "ORCH_") << spec.env;
  }
}

TEST(OptionTableTest, EveryOptionButConfigCanBeApplied) {
  // Only --config, which names the file, lacks a setter.
  for (const auto &spec : option_table()) {
    EXPECT_EQ(spec.apply == nullptr, spec.kind == option_kind::config_path)
        << spec.name;
  }
}

TEST(OptionTableTest, DefaultTextsMatchTheOptionsStructDefaults) {
  // Applying each documented default to the defaults changes nothing.
  const options defaults;
  for (const auto &spec : option_table()) {
    if (spec.apply == nullptr || spec.name == "database") {
      continue;
    }
    options applied;
    ASSERT_FALSE(spec.apply(spec.default_text, applied)) << spec.name;
    EXPECT_EQ(fields_of(applied), fields_of(defaults)) << spec.name;
  }
}

TEST(OptionTableTest, DatabaseDefaultTextMatchesTheDefaultDataDir) {
  // The documented database default, with DATA_DIR filled in, is the default.
  const options defaults;
  std::string text(find_option("database")->default_text);
  text.replace(text.find("DATA_DIR"), 8, defaults.data_dir);
  EXPECT_EQ(text, defaults.database_url);
}

TEST(OptionTableTest, FindOptionLooksUpByNameOnly) {
  // Lookup takes the bare name, not the flag or environment spelling.
  ASSERT_NE(find_option("listen"), nullptr);
  EXPECT_EQ(find_option("listen")->flag(), "--listen");
  EXPECT_EQ(find_option("--listen"), nullptr);
  EXPECT_EQ(find_option("ORCH_LISTEN"), nullptr);
}

} // namespace
} // namespace orch::config
