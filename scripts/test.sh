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

read -r -a flavours <<<"${ORCH_TEST_FLAVOURS:-asan-ubsan-coverage tsan}"
# The tests mostly wait on servers, databases and child processes, so twice
# as many as there are cores keep the machine busy (docs/DECISIONS.md).
test_jobs=${ORCH_TEST_JOBS:-4}
export ORCH_BUILD_JOBS=${ORCH_BUILD_JOBS:-$(nproc)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# history_size=7: TSan remembers 4M accesses a thread instead of 128K, so the
# stack of an earlier access can be restored; a report whose earlier stack is
# lost cannot be matched by tests/tsan.supp (seen once under the full suite's
# load: CAF's hand-over of a response to Pistache, "failed to restore").
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppress_equal_addresses=0:history_size=7:suppressions=$root/tests/tsan.supp}

run_tests() {
  local flavour=$1 build=$root/build/$1
  case $flavour in *coverage) find "$build" -name '*.gcda' -delete ;; esac
  ctest --test-dir "$build" --output-on-failure -j "$test_jobs"
  case $flavour in
    # An area under its target fails the suite like a failing test.
    *coverage) "$root/scripts/coverage-report.sh" "$build" ;;
  esac
}

# The next flavour builds (in a process group of its own, stopped if this
# script ends first) while the tests of the current one mostly wait.
next_build=
trap '[ -z "$next_build" ] || kill -- -"$next_build" 2>/dev/null || true' EXIT
mkdir -p "$root/build"
echo "== build flavour: ${flavours[0]}"
"$root/scripts/build.sh" "${flavours[0]}"
for i in "${!flavours[@]}"; do
  flavour=${flavours[$i]} next=${flavours[$((i + 1))]:-}
  if [ -n "$next" ]; then
    echo "== build flavour: $next (log: build/$next.log)"
    setsid -w "$root/scripts/build.sh" "$next" >"$root/build/$next.log" 2>&1 &
    next_build=$!
  fi
  echo "== test flavour: $flavour"
  run_tests "$flavour"
  if [ -n "$next" ]; then
    wait "$next_build" || { tail -n 50 "$root/build/$next.log"; exit 1; }
    next_build=
  fi
done
