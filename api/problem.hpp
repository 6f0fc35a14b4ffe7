#pragma once

#include "api/http_types.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace orch::api {

// An RFC 9457 problem details answer (application/problem+json). `extra`
// fields (for example the offending `field`) are merged into the body.
http_response problem(int status, std::string title, std::string detail,
                      nlohmann::json extra = nlohmann::json::object());

// The standard reason phrase of an HTTP status, used as a problem's title.
std::string status_title(int status);

} // namespace orch::api
