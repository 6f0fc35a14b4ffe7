#include "api/signing_key.hpp"

#include <openssl/rand.h>

#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace orch::api {

namespace {

constexpr std::size_t min_key_characters = 32;
constexpr std::size_t generated_key_bytes = 32; // 256 bits
constexpr off_t max_key_file_bytes = 64 * 1024;
constexpr mode_t group_or_other_access = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
constexpr const char *whitespace = " \t\n\r\f\v";

// Closes the descriptor it owns.
class file_descriptor {
public:
  explicit file_descriptor(int fd) : fd_(fd) {}
  ~file_descriptor() {
    if (fd_ >= 0)
      close(fd_);
  }
  file_descriptor(const file_descriptor &) = delete;
  file_descriptor &operator=(const file_descriptor &) = delete;
  int get() const { return fd_; }

private:
  int fd_;
};

key_error error_in(const std::string &path, const std::string &problem) {
  return key_error{path, path + ": " + problem};
}

std::string errno_text(int code = errno) {
  return std::error_code(code, std::generic_category()).message();
}

// Why the file behind `fd` may not hold a key, or nothing.
std::optional<std::string> unsafe_file(int fd) {
  struct stat info {};
  if (fstat(fd, &info) != 0)
    return errno_text();
  if (!S_ISREG(info.st_mode))
    return "is not a regular file";
  if ((info.st_mode & group_or_other_access) != 0)
    return "is readable or writable by group or others (chmod 600 it)";
  if (info.st_size > max_key_file_bytes)
    return "is larger than 64 KiB";
  return std::nullopt;
}

std::optional<std::string> read_all(int fd) {
  std::string content;
  char buffer[4096];
  for (;;) {
    auto got = read(fd, buffer, sizeof buffer);
    if (got == 0)
      return content;
    if (got < 0 && errno != EINTR)
      return std::nullopt;
    if (got > 0)
      content.append(buffer, static_cast<std::size_t>(got));
  }
}

bool write_all(int fd, const std::string &content) {
  std::size_t done = 0;
  while (done < content.size()) {
    auto wrote = write(fd, content.data() + done, content.size() - done);
    if (wrote < 0 && errno != EINTR)
      return false;
    if (wrote > 0)
      done += static_cast<std::size_t>(wrote);
  }
  return true;
}

std::string trimmed(const std::string &text) {
  auto first = text.find_first_not_of(whitespace);
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(whitespace) - first + 1);
}

std::optional<std::string> random_hex_key() {
  unsigned char bytes[generated_key_bytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    return std::nullopt;
  constexpr const char *digits = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : bytes) {
    hex += digits[byte >> 4];
    hex += digits[byte & 0x0f];
  }
  return hex;
}

// Writes `key` to a new temporary file beside `path` (mkstemp: O_CREAT |
// O_EXCL, mode 0600) and links it to `path` unless a file is there already.
std::optional<key_error> publish_key(const std::string &path,
                                     const std::string &key) {
  std::string temporary = path + ".XXXXXX";
  int fd = mkstemp(temporary.data());
  if (fd < 0)
    return error_in(path, "cannot create a temporary file: " + errno_text());
  bool written = write_all(fd, key + "\n") && fsync(fd) == 0;
  auto write_problem = errno_text();
  close(fd);
  bool linked = written && link(temporary.c_str(), path.c_str()) == 0;
  auto link_errno = errno;
  unlink(temporary.c_str());
  if (!written)
    return error_in(path, "cannot write the new key: " + write_problem);
  if (!linked && link_errno != EEXIST)
    return error_in(path, "cannot create: " + errno_text(link_errno));
  return std::nullopt;
}

} // namespace

signing_key_result read_key_file(const std::string &path) {
  file_descriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0)
    return error_in(path, "cannot open: " + errno_text());
  if (auto problem = unsafe_file(file.get()))
    return error_in(path, *problem);
  auto content = read_all(file.get());
  if (!content)
    return error_in(path, "cannot read: " + errno_text());
  auto key = trimmed(*content);
  if (key.size() < min_key_characters)
    return error_in(path, "holds fewer than 32 characters (whitespace "
                          "around the key does not count)");
  return key;
}

signing_key_result load_or_generate_key(const std::string &data_dir) {
  auto path = data_dir + "/jwt.key";
  struct stat existing {};
  if (stat(path.c_str(), &existing) != 0 && errno == ENOENT) {
    auto key = random_hex_key();
    if (!key)
      return error_in(path, "cannot get random bytes for a new key");
    if (auto failed = publish_key(path, *key))
      return *failed;
  }
  return read_key_file(path);
}

signing_key_result load_signing_key(const std::string &key_file,
                                    const std::string &data_dir) {
  if (!key_file.empty())
    return read_key_file(key_file);
  return load_or_generate_key(data_dir);
}

} // namespace orch::api
