#pragma once

#include <string>
#include <variant>

namespace orch::api {

// Why there is no signing key; `message` starts with the file's path.
struct key_error {
  std::string file;
  std::string message;
};

// The HMAC key for tokens (used byte for byte), or why there is none.
using signing_key_result = std::variant<std::string, key_error>;

// The key in `path`: a regular file that neither group nor others may read or
// write, holding at least 32 characters once surrounding whitespace is
// trimmed.
signing_key_result read_key_file(const std::string &path);

// DATA_DIR/jwt.key, created on first use with 256 random bits written as 64
// hex characters and mode 0600, then read back with read_key_file() on every
// start. The key is written to a temporary file (created exclusively with mode
// 0600) and published with link(), so the key file is never readable by
// others, never seen half-written, and never replaced.
signing_key_result load_or_generate_key(const std::string &data_dir);

// read_key_file(key_file) when a key file is configured (not empty), else
// load_or_generate_key(data_dir).
signing_key_result load_signing_key(const std::string &key_file,
                                    const std::string &data_dir);

} // namespace orch::api
