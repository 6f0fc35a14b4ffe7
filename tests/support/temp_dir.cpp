#include "tests/support/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace orch::test {

temp_dir::temp_dir() {
  std::string pattern = "/tmp/orch-test.XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

temp_dir::~temp_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string temp_dir::write(const std::string &name,
                            const std::string &content) const {
  auto full = file(name);
  std::ofstream out(full, std::ios::binary);
  out << content;
  return full;
}

} // namespace orch::test
