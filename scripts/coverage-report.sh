#!/usr/bin/env bash
# Line coverage of the coverage flavour's last test run, by area, against the
# targets of the REST issue: state machines, auth and persistence >= 90%,
# api/ and actors/ >= 75%. Prints one line per area; exits 1 if an area is
# under its target.
#   scripts/coverage-report.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/coverage}
summary=$build/coverage-summary.json
gcovr --root "$root" --object-directory "$build" \
  --filter "$root/actors/" --filter "$root/api/" --filter "$root/persistence/" \
  --filter "$root/config/" --filter "$root/app/" \
  --gcov-ignore-parse-errors -j 2 --json-summary "$summary" \
  "$build/actors" "$build/api" "$build/persistence" "$build/config" \
  "$build/app" >/dev/null
python3 "$root/scripts/coverage_areas.py" "$summary"
