#include "api/password_hasher.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace orch::api;

namespace {

// Cheap parameters, still Argon2id, for a hash made under an older policy.
argon2_parameters weak_parameters() {
  argon2_parameters weak;
  weak.memory_kib = 8192;
  weak.passes = 1;
  return weak;
}

} // namespace

// Two hashes of one password differ, because each gets its own random salt.
TEST(PasswordHasher, SaltsDifferBetweenHashes) {
  password_hasher hasher;
  auto first = hasher.hash("correct horse");
  auto second = hasher.hash("correct horse");
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
}

// The right password verifies against its hash; a wrong one does not.
TEST(PasswordHasher, VerifiesOnlyTheRightPassword) {
  password_hasher hasher;
  auto encoded = hasher.hash("correct horse");
  ASSERT_TRUE(encoded);
  EXPECT_TRUE(hasher.verify(*encoded, "correct horse"));
  EXPECT_FALSE(hasher.verify(*encoded, "correct horsE"));
  EXPECT_FALSE(hasher.verify(*encoded, ""));
}

// The encoded string is argon2id v=19 with the configured m, t and p, a
// 16-byte salt and a 32-byte hash (22 and 43 unpadded base64 characters).
TEST(PasswordHasher, EncodesTheConfiguredParameters) {
  password_hasher hasher;
  auto encoded = hasher.hash("correct horse");
  ASSERT_TRUE(encoded);
  std::string prefix = "$argon2id$v=19$m=19456,t=2,p=1$";
  ASSERT_EQ(encoded->substr(0, prefix.size()), prefix);
  auto salt_and_hash = encoded->substr(prefix.size());
  auto separator = salt_and_hash.find('$');
  EXPECT_EQ(separator, 22u);
  EXPECT_EQ(salt_and_hash.size() - separator - 1, 43u);
  EXPECT_EQ(salt_and_hash.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "abcdefghijklmnopqrstuvwxyz"
                                            "0123456789+/$"),
            std::string::npos);
}

// A hash made with weaker parameters still verifies but needs a rehash; a
// hash made with the configured ones does not.
TEST(PasswordHasher, WeakerParametersNeedRehash) {
  password_hasher configured;
  auto old_hash = password_hasher(weak_parameters()).hash("correct horse");
  auto new_hash = configured.hash("correct horse");
  ASSERT_TRUE(old_hash && new_hash);
  EXPECT_TRUE(configured.verify(*old_hash, "correct horse"));
  EXPECT_TRUE(configured.needs_rehash(*old_hash));
  EXPECT_FALSE(configured.needs_rehash(*new_hash));
  auto short_salt = weak_parameters();
  short_salt.memory_kib = 19456;
  short_salt.passes = 2;
  short_salt.salt_bytes = 8;
  auto salted = password_hasher(short_salt).hash("correct horse");
  ASSERT_TRUE(salted);
  EXPECT_TRUE(configured.needs_rehash(*salted));
}

// Malformed, truncated, other-variant or absurdly expensive encoded strings
// verify as false (without crashing or allocating) and need a rehash.
TEST(PasswordHasher, MalformedEncodedStringsAreRejected) {
  password_hasher hasher;
  auto good = hasher.hash("correct horse");
  ASSERT_TRUE(good);
  std::string salt_and_hash = good->substr(good->find(",p=1$") + 4);
  std::vector<std::string> malformed = {
      "",
      "garbage",
      "$argon2id$",
      good->substr(0, good->size() - 10),
      good->substr(0, good->rfind('$')),
      "$argon2i$v=19$m=19456,t=2,p=1" + salt_and_hash,
      "$argon2id$v=19$m=19456,t=2" + salt_and_hash,
      "$argon2id$v=19$m=99999999999,t=2,p=1" + salt_and_hash,
      "$argon2id$v=19$m=4294967295,t=2,p=1" + salt_and_hash,
      "$argon2id$v=19$m=19456,t=4294967295,p=1" + salt_and_hash,
      "$argon2id$v=19$m=-1,t=2,p=1" + salt_and_hash,
      "$argon2id$v=19$m=19456,t=2,p=1$!!!!$!!!!",
      std::string(*good).insert(20, 1, '\0'),
  };
  for (const auto &encoded : malformed) {
    EXPECT_FALSE(hasher.verify(encoded, "correct horse")) << encoded;
    EXPECT_TRUE(hasher.needs_rehash(encoded)) << encoded;
  }
  auto tampered = *good;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(hasher.verify(tampered, "correct horse"));
}

// Passwords need 8 characters (code points, not bytes) and at most 1,024
// bytes; a refusal names the field `password`.
TEST(PasswordPolicy, LengthBounds) {
  EXPECT_FALSE(check_password_policy("12345678"));
  EXPECT_FALSE(check_password_policy(std::string(1024, 'x')));
  EXPECT_FALSE(check_password_policy("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"
                                     "\u00e9\u00e9"));
  for (const std::string &refused :
       {std::string("1234567"), std::string(1025, 'x'), std::string(""),
        std::string("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")}) {
    auto error = check_password_policy(refused);
    ASSERT_TRUE(error) << refused;
    EXPECT_EQ(error->field, "password");
    EXPECT_FALSE(error->detail.empty());
  }
}
