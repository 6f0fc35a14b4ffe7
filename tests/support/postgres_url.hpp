#pragma once

#include <string>

namespace orch::test {

// The URL of the throwaway PostgreSQL cluster that CTest's `postgres` fixture
// started (scripts/pg-test-cluster.sh). Throws when it is not running, so a
// PostgreSQL test fails rather than silently skipping.
std::string postgres_url();

} // namespace orch::test
