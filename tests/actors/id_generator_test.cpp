#include "actors/id_generator.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include <set>
#include <string>

namespace orch {
namespace {

constexpr std::int64_t noon_2026 = 1795348800000; // 2026-11-22T12:00:00Z

TEST(IdGeneratorTest, AnIdIsThePrefixAndElevenSortableCharacters) {
  // A job id is "job-" and 11 characters of the ASCII-ordered alphabet: 15
  // characters, inside std::string's inline buffer.
  id_generator ids{1};
  auto id = ids.next("job", noon_2026);
  ASSERT_EQ(id.size(), 15u);
  EXPECT_EQ(id.substr(0, 4), "job-");
  for (char c : id.substr(4))
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                c == '_')
        << id;
}

TEST(IdGeneratorTest, IdsSortInTheOrderTheyWereMadeWhateverTheClockDoes) {
  // Strictly increasing as strings while the clock advances, stands still
  // for thousands of ids, and moves back an hour.
  id_generator ids{7};
  std::string last;
  auto expect_after_last = [&](std::int64_t now) {
    auto id = ids.next("job", now);
    EXPECT_LT(last, id) << "at " << now;
    last = id;
  };
  for (std::int64_t ms = 0; ms < 1000; ++ms)
    expect_after_last(noon_2026 + ms);
  for (int i = 0; i < 20000; ++i)
    expect_after_last(noon_2026 + 1000);
  for (int i = 0; i < 1000; ++i)
    expect_after_last(noon_2026 - 3600 * 1000 + i);
}

TEST(IdGeneratorTest, ALaterMillisecondSortsAfterAnyCountOfAnEarlierOne) {
  // The time comes first: two generators with different random counts
  // still order their ids by the millisecond they were made in.
  id_generator first{1}, second{2};
  for (std::int64_t ms = 1; ms < 500; ++ms)
    EXPECT_LT(first.next("job", noon_2026 + ms - 1),
              second.next("job", noon_2026 + ms));
}

TEST(IdGeneratorTest, GeneratorsSeededDifferentlyGiveDifferentIdsInOneMs) {
  // Two servers (or a server and the operator command) making ids in the
  // same millisecond start their counts at different random points.
  id_generator a{11}, b{12};
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    seen.insert(a.next("user", noon_2026));
    seen.insert(b.next("user", noon_2026));
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(IdGeneratorTest, AClockBeforeTheEpochStillGivesIncreasingIds) {
  // A negative clock reading counts as the epoch, not as a huge number.
  id_generator ids{3};
  auto early = ids.next("job", -5);
  auto later = ids.next("job", 1);
  EXPECT_EQ(early.substr(4, 7), "-------");
  EXPECT_LT(early, later);
}

} // namespace
} // namespace orch
