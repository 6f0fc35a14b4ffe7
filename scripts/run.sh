#!/usr/bin/env bash
# The README's first command: install what is missing, build, and start the
# server on the embedded SQLite default with local workers. Extra arguments go
# to `orchestrator serve` (for example --listen 127.0.0.1:9090).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" release --target orchestrator
exec "$root/build/release/app/orchestrator" serve "$@"
