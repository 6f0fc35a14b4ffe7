#!/usr/bin/env bash
# The README's second command: install what is missing, build, and pass the
# whole test suite through CTest (a throwaway PostgreSQL cluster is started and
# stopped by CTest's `postgres` fixture) in the coverage flavour and prints the
# line coverage by area, then again under AddressSanitizer + UBSan and under
# ThreadSanitizer.
#   ORCH_TEST_FLAVOURS="coverage" scripts/test.sh   runs one flavour only
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

flavours=${ORCH_TEST_FLAVOURS:-coverage asan-ubsan tsan}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppress_equal_addresses=0:suppressions=$root/tests/tsan.supp}

for flavour in $flavours; do
  echo "== test flavour: $flavour"
  "$root/scripts/build.sh" "$flavour"
  if [ "$flavour" = coverage ]; then
    find "$root/build/coverage" -name '*.gcda' -delete
  fi
  ctest --test-dir "$root/build/$flavour" --output-on-failure -j 2
  if [ "$flavour" = coverage ]; then
    # An area under its target fails the suite like a failing test.
    "$root/scripts/coverage-report.sh" "$root/build/coverage"
  fi
done
