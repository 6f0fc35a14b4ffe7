#pragma once

#include "api/route_context.hpp"

namespace orch::api {

// GET /metrics, without a token (DESIGN.md §5): the supervisor's gauges and
// counters and the HTTP request durations in the Prometheus text exposition
// format 0.0.4.
void add_metrics_route(router &routes, const route_context &context);

// The scrape text of one supervisor view and the HTTP timings.
std::string render_metrics(const supervisor_metrics &supervisor,
                           const std::vector<histogram_sample> &http);

} // namespace orch::api
