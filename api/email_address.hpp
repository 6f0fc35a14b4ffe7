#pragma once

#include "api/password_hasher.hpp"

#include <optional>
#include <string>

namespace orch::api {

// A plausible email address: at most 254 bytes, one '@' with a non-empty
// local part before it and a domain after it that holds a dot (not at either
// end), no spaces or control characters. Nothing when acceptable, otherwise
// an error naming the field `email`. Whether the address exists is not
// checked.
std::optional<invalid_field> check_email(const std::string &email);

} // namespace orch::api
