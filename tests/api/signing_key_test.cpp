#include "api/signing_key.hpp"

#include "tests/support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

using namespace orch::api;
using orch::test::temp_dir;

namespace {

const std::string secret = "0123456789abcdefghijklmnopqrstuvwxyzABCD"; // 40

// A key file with the given content and mode.
std::string key_file(const temp_dir &dir, const std::string &content,
                     mode_t mode) {
  auto path = dir.write("key", content);
  chmod(path.c_str(), mode);
  return path;
}

std::string key_of(const signing_key_result &result) {
  if (auto *error = std::get_if<key_error>(&result))
    ADD_FAILURE() << error->message;
  auto *key = std::get_if<std::string>(&result);
  return key ? *key : "";
}

// The error, after checking it names `path` both as its file and in its text.
key_error error_naming(const signing_key_result &result,
                       const std::string &path) {
  auto *error = std::get_if<key_error>(&result);
  if (error == nullptr) {
    ADD_FAILURE() << "expected an error for " << path;
    return {};
  }
  EXPECT_EQ(error->file, path);
  EXPECT_NE(error->message.find(path), std::string::npos) << error->message;
  return *error;
}

mode_t permissions(const std::string &path) {
  struct stat info {};
  stat(path.c_str(), &info);
  return info.st_mode & 07777;
}

} // namespace

// A key file's content is the key once surrounding whitespace is trimmed;
// whitespace inside is kept.
TEST(SigningKey, ReadsAndTrimsTheKeyFile) {
  temp_dir dir;
  EXPECT_EQ(
      key_of(read_key_file(key_file(dir, " \n\t" + secret + "\r\n ", 0600))),
      secret);
  auto inner = "abcdefghijklmnop qrstuvwxyz0123456";
  EXPECT_EQ(key_of(read_key_file(key_file(dir, inner, 0400))), inner);
}

// A key file that group or others may read or write is refused, naming it.
TEST(SigningKey, RefusesFilesOthersCanAccess) {
  temp_dir dir;
  for (mode_t mode : {0644, 0640, 0604, 0620, 0602}) {
    auto path = key_file(dir, secret, mode);
    auto error = error_naming(read_key_file(path), path);
    EXPECT_NE(error.message.find("group or others"), std::string::npos)
        << std::oct << mode;
  }
}

// Fewer than 32 characters after trimming is refused; exactly 32 is enough.
TEST(SigningKey, RefusesShortKeys) {
  temp_dir dir;
  auto short_key = key_file(dir, "   " + secret.substr(0, 31) + "    ", 0600);
  error_naming(read_key_file(short_key), short_key);
  auto blank = key_file(dir, std::string(40, ' '), 0600);
  error_naming(read_key_file(blank), blank);
  auto exact = key_file(dir, secret.substr(0, 32), 0600);
  EXPECT_EQ(key_of(read_key_file(exact)), secret.substr(0, 32));
}

// A missing key file or a directory in its place is an error naming it.
TEST(SigningKey, RefusesMissingFilesAndDirectories) {
  temp_dir dir;
  error_naming(read_key_file(dir.file("absent")), dir.file("absent"));
  std::filesystem::create_directory(dir.file("folder"));
  chmod(dir.file("folder").c_str(), 0700);
  error_naming(read_key_file(dir.file("folder")), dir.file("folder"));
}

// Without a key file, DATA_DIR/jwt.key is created with mode 0600 holding 64
// hex characters, later loads return the same key, and nothing else is left
// in the directory.
TEST(SigningKey, GeneratesTheKeyOnceWithMode0600) {
  temp_dir dir;
  auto first = key_of(load_signing_key("", dir.path()));
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(permissions(dir.file("jwt.key")), 0600u);
  EXPECT_EQ(key_of(load_signing_key("", dir.path())), first);
  EXPECT_EQ(key_of(load_or_generate_key(dir.path())), first);
  std::ifstream stored(dir.file("jwt.key"));
  std::string content((std::istreambuf_iterator<char>(stored)),
                      std::istreambuf_iterator<char>());
  EXPECT_EQ(content, first + "\n");
  auto entries = std::distance(std::filesystem::directory_iterator(dir.path()),
                               std::filesystem::directory_iterator());
  EXPECT_EQ(entries, 1);
}

// Each data directory gets its own random key.
TEST(SigningKey, GeneratedKeysDiffer) {
  temp_dir one, two;
  EXPECT_NE(key_of(load_or_generate_key(one.path())),
            key_of(load_or_generate_key(two.path())));
}

// A configured key file wins: no key is generated in the data directory.
TEST(SigningKey, ConfiguredFileWinsOverGeneration) {
  temp_dir keys, data;
  auto path = key_file(keys, secret, 0600);
  EXPECT_EQ(key_of(load_signing_key(path, data.path())), secret);
  EXPECT_FALSE(std::filesystem::exists(data.file("jwt.key")));
  error_naming(load_signing_key(keys.file("absent"), data.path()),
               keys.file("absent"));
  EXPECT_FALSE(std::filesystem::exists(data.file("jwt.key")));
}

// A generated key file whose mode was later loosened is refused, not
// replaced, and the error names it.
TEST(SigningKey, GeneratedFileFollowsTheSameRules) {
  temp_dir dir;
  auto first = key_of(load_or_generate_key(dir.path()));
  chmod(dir.file("jwt.key").c_str(), 0644);
  error_naming(load_or_generate_key(dir.path()), dir.file("jwt.key"));
  chmod(dir.file("jwt.key").c_str(), 0600);
  EXPECT_EQ(key_of(load_or_generate_key(dir.path())), first);
}
