-- wrk script of benchmarks/run-http.sh: POSTs a noop job on keep-alive
-- connections (Pistache 0.0.5 closes the connection without the header),
-- with the bearer token in ORCH_BENCH_TOKEN when set, and counts the
-- answers outside 2xx.
wrk.method = "POST"
wrk.body = '{"task_description":"bench","task":{"kind":"noop"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Connection"] = "keep-alive"
local token = os.getenv("ORCH_BENCH_TOKEN")
if token ~= nil and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local refused = 0
  for _, thread in ipairs(threads) do
    refused = refused + thread:get("non2xx")
  end
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rate=%.0f p50_us=%d p99_us=%d" ..
    " non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), refused,
    errors.connect + errors.read + errors.write + errors.timeout))
end
