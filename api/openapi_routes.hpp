#pragma once

#include "api/router.hpp"

#include <string_view>

namespace orch::api {

// The OpenAPI 3 document of every route (api/openapi.json).
std::string_view openapi_document();

// GET /openapi.json: the document, no token needed.
void add_openapi_route(router &routes);

} // namespace orch::api
