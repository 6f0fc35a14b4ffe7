#include "actors/id_generator.hpp"

#include <algorithm>

namespace orch {

namespace {

// 64 characters in ASCII order, so that ids compare as their numbers do.
constexpr char digits[] =
    "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
constexpr int ms_characters = 7;
constexpr int count_characters = 4;
constexpr std::uint64_t ms_limit = std::uint64_t{1} << (6 * ms_characters);
constexpr std::uint64_t count_limit = std::uint64_t{1}
                                      << (6 * count_characters);

void append_digits(std::string &id, std::uint64_t value, int characters) {
  for (int i = characters - 1; i >= 0; --i)
    id.push_back(digits[(value >> (6 * i)) & 63]);
}

} // namespace

// The count starts in the lower half of its range, so a millisecond has
// room for at least 8 million ids before it borrows the next one.
void id_generator::start_millisecond(std::uint64_t ms) {
  ms_ = ms;
  count_ = rng_() % (count_limit / 2);
}

std::string id_generator::next(std::string_view prefix, std::int64_t now_ms) {
  auto ms = std::min<std::uint64_t>(now_ms < 0 ? 0 : now_ms, ms_limit - 1);
  if (ms > ms_)
    start_millisecond(ms);
  else if (++count_ == count_limit)
    start_millisecond(ms_ + 1);
  std::string id;
  id.reserve(prefix.size() + 1 + ms_characters + count_characters);
  id.append(prefix).push_back('-');
  append_digits(id, ms_, ms_characters);
  append_digits(id, count_, count_characters);
  return id;
}

} // namespace orch
