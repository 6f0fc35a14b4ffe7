#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace orch::api {

// Argon2id cost parameters. The defaults are OWASP's minimum for Argon2id
// (19 MiB, 2 passes, parallelism 1) with a 16-byte salt and a 32-byte hash.
struct argon2_parameters {
  std::uint32_t memory_kib = 19456;
  std::uint32_t passes = 2;
  std::uint32_t parallelism = 1;
  std::uint32_t salt_bytes = 16;
  std::uint32_t hash_bytes = 32;
};

// A request field that fails validation; the REST layer answers 422 naming
// `field`.
struct invalid_field {
  std::string field;
  std::string detail;
};

// The password policy: at least 8 characters (UTF-8 code points) and at most
// 1,024 bytes. Nothing when the password is acceptable, otherwise an error
// naming the field `password`.
std::optional<invalid_field> check_password_policy(const std::string &password);

// Hashes and verifies passwords with Argon2id (libargon2), in argon2's
// standard encoding `$argon2id$v=19$m=M,t=T,p=P$SALT$HASH`. Every call costs
// the configured memory and time: run them on a hash_pool, never on an actor
// or HTTP thread. Safe to use from several threads at once.
class password_hasher {
public:
  explicit password_hasher(argon2_parameters parameters = {});

  // The encoded hash of `password` with a fresh random salt (OpenSSL
  // RAND_bytes); nothing when the system cannot provide randomness or memory.
  std::optional<std::string> hash(const std::string &password) const;

  // Whether `password` matches `encoded`, compared in constant time. A
  // malformed encoded string, another Argon2 variant, or cost parameters
  // beyond sane limits (more than 1 GiB, 16 passes or 16 lanes) give false.
  bool verify(const std::string &encoded, const std::string &password) const;

  // Whether `encoded` is weaker than the configured parameters (older
  // version, less memory, fewer passes, shorter salt or hash) or not an
  // Argon2id hash that verify() accepts, so a successful login should store a
  // new hash.
  bool needs_rehash(const std::string &encoded) const;

  const argon2_parameters &parameters() const { return parameters_; }

private:
  argon2_parameters parameters_;
};

} // namespace orch::api
