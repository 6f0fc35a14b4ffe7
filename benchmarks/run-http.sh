#!/usr/bin/env bash
# HTTP submit throughput (DESIGN.md §8): wrk, one thread, 32 keep-alive
# connections, POST /api/jobs/submit with noop jobs on the default durable
# SQLite store (each 201 is sent after its transaction committed), beside a
# bare Pistache handler with the same thread count measured in the same run
# (before and after the server). Results go to BENCHMARKS.md.
#   benchmarks/run-http.sh [seconds per run, default 10]
# ORCH_BENCH_FLAVOUR picks another build flavour (default release);
# ORCH_BENCH_CONNECTIONS changes the 32 connections;
# ORCH_BENCH_PERF=FILE records a perf profile of the server while it is
# measured.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
threads=2
connections=${ORCH_BENCH_CONNECTIONS:-32}
flavour=${ORCH_BENCH_FLAVOUR:-release}
"$root/scripts/build.sh" "$flavour" --target orchestrator bare_pistache_server
bin="$root/build/$flavour"
work=$(mktemp -d /tmp/orch-bench-http-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# Prints the base URL once the log has the line naming the address.
wait_ready() {
  for _ in $(seq 300); do
    if grep -q "$2" "$1"; then
      grep -o 'http://127.0.0.1:[0-9]*' "$1" | head -1
      return
    fi
    sleep 0.1
  done
  echo "server did not start:" >&2
  cat "$1" >&2
  exit 1
}
post() { curl -sf -X "$1" "$2" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$4"; }

# wrk with the shared script: a short warm-up, then the measured run.
measure() {
  local label=$1 url=$2 token=${3:-}
  ORCH_BENCH_TOKEN=$token wrk -t1 -c"$connections" -d2s -s "$root/benchmarks/submit.lua" "$url" >/dev/null
  echo "== $label ($(cut -d' ' -f1-3 /proc/loadavg) load average before)"
  ORCH_BENCH_TOKEN=$token wrk -t1 -c"$connections" -d"${seconds}s" --latency \
    -s "$root/benchmarks/submit.lua" "$url" | grep -E 'RESULT|Latency|99%'
}

bare() {
  local port
  port=$(free_port)
  "$bin/benchmarks/bare_pistache_server" "$port" "$threads" >"$work/bare.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  local url
  url=$(wait_ready "$work/bare.log" "bare pistache ready")
  measure "bare Pistache handler, $threads threads" "$url/api/jobs/submit"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

orchestrator_submit() {
  ORCH_OPERATOR_EMAIL=ops@bench.io ORCH_OPERATOR_PASSWORD='operator secret' \
    "$bin/app/orchestrator" serve --listen 127.0.0.1:0 --data-dir "$work/data" \
    --http-threads "$threads" --workers 4 >"$work/serve.log" 2>&1 &
  local server=$!
  pids+=("$server")
  local url
  url=$(wait_ready "$work/serve.log" "orchestrator ready")
  local registered wf user ops tenant
  registered=$(post POST "$url/auth/register" "" \
    '{"email":"bench@bench.io","password":"bench password","tenant_name":"bench"}')
  tenant=$(field tenant_id <<<"$registered")
  wf=$(field workflow_id <<<"$registered")
  user=$(post POST "$url/auth/login" "" \
    '{"email":"bench@bench.io","password":"bench password"}' | field access_token)
  ops=$(post POST "$url/auth/login" "" \
    '{"email":"ops@bench.io","password":"operator secret"}' | field access_token)
  curl -sf "$url/api/workflows/$wf?wait_ms=30000" -H "Authorization: Bearer $user" >/dev/null
  post PUT "$url/api/tenants/$tenant/quotas" "$ops" \
    '{"max_workers":-1,"max_running_jobs":100000,"max_pending_jobs":100000000}' >/dev/null
  if [ -n "${ORCH_BENCH_PERF:-}" ]; then
    perf record -F 999 -g -o "$ORCH_BENCH_PERF" -p "$server" -- \
      sleep $((seconds + 2)) >/dev/null 2>&1 &
  fi
  measure "orchestrator POST /api/jobs/submit, SQLite, $threads HTTP threads" \
    "$url/api/jobs/submit" "$user"
  curl -s "$url/metrics" | grep -E '^orchestrator_(jobs_submitted_total|jobs_completed_total|queue_depth)'
}

echo "wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2), $(nproc) cores, ${seconds}s per run, $connections connections"
bare
orchestrator_submit
bare
