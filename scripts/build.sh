#!/usr/bin/env bash
# Configures and builds one flavour into build/<flavour>.
#   scripts/build.sh [default|release|asan-ubsan|tsan|coverage] [cmake --build args]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
flavour=${1:-default}
shift || true
jobs=${ORCH_BUILD_JOBS:-2}

args=(-S "$root" -B "$root/build/$flavour" -G Ninja)
if [ "$flavour" != default ]; then
  args+=(-C "$root/cmake/ci/$flavour.cmake")
fi
cmake "${args[@]}" >/dev/null
cmake --build "$root/build/$flavour" -j "$jobs" "$@"
