#pragma once

#include <string>

namespace orch::test {

// A fresh directory under /tmp, removed with everything in it on destruction.
class temp_dir {
public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir &) = delete;
  temp_dir &operator=(const temp_dir &) = delete;

  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

  // Writes `content` to `name` inside the directory and returns its path.
  std::string write(const std::string &name, const std::string &content) const;

private:
  std::string path_;
};

} // namespace orch::test
