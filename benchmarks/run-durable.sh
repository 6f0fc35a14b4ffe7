#!/usr/bin/env bash
# Builds the release flavour and runs the durable benchmarks on SQLite and on
# a throwaway PostgreSQL cluster (started and stopped here).
#   benchmarks/run-durable.sh [benchmark args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh" release --target durable_benchmarks
cluster=$(mktemp -d /tmp/orch-bench-pg-XXXXXX)
trap '"$root/scripts/pg-test-cluster.sh" stop "$cluster" >/dev/null' EXIT
ORCH_PG_FSYNC=on "$root/scripts/pg-test-cluster.sh" start "$cluster" >/dev/null
ORCH_BENCH_POSTGRES_URL=$(cat "$cluster/url") \
  "$root/build/release/benchmarks/durable_benchmarks" "$@"
