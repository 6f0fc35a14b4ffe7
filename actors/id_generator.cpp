#include "actors/id_generator.hpp"

namespace orch {

std::string id_generator::next(std::string_view prefix) {
  // base64url, 6 bits a character: 11 characters carry all 64 bits.
  static constexpr char digits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  constexpr int length = 11;
  auto bits = rng_();
  std::string id;
  id.reserve(prefix.size() + 1 + length);
  id.append(prefix).push_back('-');
  for (int i = 0; i < length; ++i, bits >>= 6)
    id.push_back(digits[bits & 63]);
  return id;
}

} // namespace orch
