#include "actors/namespace_slug.hpp"

namespace orch {

namespace {

constexpr std::size_t max_slug_length = 40;

bool is_slug_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

} // namespace

std::string namespace_slug(const std::string &tenant_name) {
  std::string slug;
  for (char c : tenant_name) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (is_slug_character(c))
      slug += c;
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
    if (slug.size() >= max_slug_length)
      break;
  }
  while (!slug.empty() && slug.back() == '-')
    slug.pop_back();
  return slug.empty() ? "tenant" : slug;
}

std::string namespace_candidate(const std::string &slug, int n) {
  return n <= 1 ? slug : slug + "-" + std::to_string(n);
}

} // namespace orch
