#include "persistence/json_codec.hpp"

#include <gtest/gtest.h>

namespace orch::persistence {
namespace {

TEST(JsonCodec, TheCachedNoopTaskAndEmptyResultDecodeToThemselves) {
  // The encodings kept for the common noop task and empty result read back
  // as exactly those, and differ from any other task or result.
  auto noop = decode_task(encode_task({}));
  ASSERT_TRUE(noop.has_value());
  EXPECT_TRUE(*noop == task_spec{});
  auto empty = decode_result(encode_result({}));
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->exit_code, 0);
  EXPECT_TRUE(empty->stdout_tail.empty());
  EXPECT_TRUE(empty->stderr_tail.empty());
  task_spec sleep;
  sleep.kind = task_kind::sleep;
  sleep.sleep_ms = 5;
  EXPECT_NE(encode_task(sleep), encode_task({}));
  EXPECT_NE(encode_result({0, "out", ""}), encode_result({}));
  EXPECT_NE(encode_result({3, "", ""}), encode_result({}));
}

TEST(JsonCodec, AnyOtherResultRoundTrips) {
  // A result with an exit code and both tails comes back field for field.
  auto back = decode_result(encode_result({7, "out\n", "err\t\"x\""}));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->exit_code, 7);
  EXPECT_EQ(back->stdout_tail, "out\n");
  EXPECT_EQ(back->stderr_tail, "err\t\"x\"");
}

} // namespace
} // namespace orch::persistence
