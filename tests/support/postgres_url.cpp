#include "tests/support/postgres_url.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace orch::test {

std::string postgres_url() {
  if (const char *env = std::getenv("ORCH_TEST_PG_URL"))
    return env;
  std::ifstream in(ORCH_PG_URL_FILE);
  std::string url;
  if (!std::getline(in, url) || url.empty())
    throw std::runtime_error(
        "no PostgreSQL test cluster: run through ctest (fixture `postgres`) "
        "or set ORCH_TEST_PG_URL");
  return url;
}

} // namespace orch::test
