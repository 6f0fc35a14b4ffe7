#pragma once

#include <string>

namespace orch {

// The id namespace a tenant name suggests: lower-case ASCII letters and
// digits, runs of anything else as one '-', at most 40 characters, never
// empty ("tenant" when nothing is left). "Acme Corp." gives "acme-corp".
std::string namespace_slug(const std::string &tenant_name);

// The n-th candidate for a slug: the slug itself, then "slug-2", "slug-3"...
std::string namespace_candidate(const std::string &slug, int n);

} // namespace orch
