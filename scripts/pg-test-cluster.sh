#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster for the tests.
#   pg-test-cluster.sh start STATE_DIR   initdb in a temp folder, loopback port,
#                                        writes the URL to STATE_DIR/url
#   pg-test-cluster.sh stop STATE_DIR    stops it and removes the folder
# As root the server runs as the `postgres` user, which initdb requires.
# fsync is off (tests need no durability from the OS) unless ORCH_PG_FSYNC=on,
# as the durable benchmark sets it.
set -euo pipefail
cmd=$1
state=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  stop_if_running
  mkdir -p "$state"
  local dir
  dir=$(mktemp -d /tmp/orch-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres >"$state/initdb.log" 2>&1
  echo "$dir" >"$state/cluster"
  for _ in $(seq 1 20); do
    local port=$((20000 + RANDOM % 30000))
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=${ORCH_PG_FSYNC:-off}" start >/dev/null; then
      as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres orchestrator_test
      echo "postgresql://postgres@127.0.0.1:$port/orchestrator_test" >"$state/url"
      echo "postgres test cluster on port $port ($dir)"
      return 0
    fi
  done
  echo "could not start PostgreSQL; see $dir/server.log" >&2
  return 1
}

stop_if_running() {
  [ -f "$state/cluster" ] || return 0
  local dir
  dir=$(cat "$state/cluster")
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state/cluster" "$state/url"
}

case "$cmd" in
  start) start ;;
  stop) stop_if_running ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
