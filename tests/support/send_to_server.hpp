#pragma once

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

#include <gtest/gtest.h>

namespace orch::test {

// Sends `request` to `server`; a request nothing answered is a test failure
// that names it and shows what the server printed (a crash report, say).
inline http_response send_to(const server_process &server,
                             const http_request &request) {
  auto response = send(request);
  if (!response.error.empty())
    ADD_FAILURE() << request.method << " " << request.url << ": no answer ("
                  << response.error << "); the server said:\n"
                  << server.output();
  return response;
}

} // namespace orch::test
