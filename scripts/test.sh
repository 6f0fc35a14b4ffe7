#!/usr/bin/env bash
# The README's second command: install what is missing, build, and pass the
# whole test suite through CTest (a throwaway PostgreSQL cluster is started and
# stopped by CTest's `postgres` fixture) under AddressSanitizer + UBSan with
# line coverage (then prints the line coverage by area), and again under
# ThreadSanitizer.
#   ORCH_TEST_FLAVOURS="coverage" scripts/test.sh   runs the given flavours
#   ORCH_TEST_JOBS=N                                 tests at once (default 4)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

flavours=${ORCH_TEST_FLAVOURS:-asan-ubsan-coverage tsan}
# The tests mostly wait on servers, databases and child processes, so twice
# as many as there are cores keep the machine busy (docs/DECISIONS.md).
test_jobs=${ORCH_TEST_JOBS:-4}
export ORCH_BUILD_JOBS=${ORCH_BUILD_JOBS:-$(nproc)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppress_equal_addresses=0:suppressions=$root/tests/tsan.supp}

for flavour in $flavours; do
  echo "== test flavour: $flavour"
  build=$root/build/$flavour
  "$root/scripts/build.sh" "$flavour"
  case $flavour in *coverage) find "$build" -name '*.gcda' -delete ;; esac
  ctest --test-dir "$build" --output-on-failure -j "$test_jobs"
  case $flavour in
    # An area under its target fails the suite like a failing test.
    *coverage) "$root/scripts/coverage-report.sh" "$build" ;;
  esac
done
