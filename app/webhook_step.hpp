#pragma once

#include "actors/provisioning_step.hpp"

#include <caf/actor_system.hpp>

#include <chrono>
#include <string>

namespace orch::app {

// Provisioning step "webhook" (with --provisioning-webhook URL): POSTs the
// tenant as JSON to the URL, the way a deployment tells billing or
// infrastructure about a new tenant. A 2xx answer is success; any other
// status, a failed connection or no answer within `timeout` is a failed
// attempt. Each call runs on a detached actor (a thread of its own), since
// libcurl blocks. Receivers should be idempotent: an attempt interrupted by
// a restart is made again.
class webhook_step final : public provisioning_step {
public:
  webhook_step(caf::actor_system &system, std::string url,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  std::string name() const override { return "webhook"; }
  void start(const step_context &context, done_callback done) override;

private:
  caf::actor_system &system_;
  std::string url_;
  std::chrono::milliseconds timeout_;
};

} // namespace orch::app
