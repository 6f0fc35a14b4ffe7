# The test command's first flavour (scripts/test.sh): AddressSanitizer + UBSan
# and line coverage in one build, as asan-ubsan.cmake and coverage.cmake would
# each give alone. Both are -O0 builds of the same code that run the same
# tests, so one build and one test run measure what the two did, in half
# their time; scripts/coverage-report.sh then prints the figures.
# cmake -C cmake/ci/asan-ubsan-coverage.cmake
# See asan-ubsan.cmake for why vptr and null are off, coverage.cmake for the
# atomic counters.
set(CMAKE_BUILD_TYPE Debug CACHE STRING "")
set(CMAKE_CXX_FLAGS_DEBUG "-g1" CACHE STRING "")
set(CMAKE_CXX_FLAGS
    "-O0 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize=vptr,null --coverage -fprofile-update=atomic"
    CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "-fsanitize=address,undefined --coverage" CACHE STRING "")
set(CMAKE_SHARED_LINKER_FLAGS "-fsanitize=address,undefined --coverage" CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS OFF CACHE BOOL "")
set(ORCH_TCMALLOC OFF CACHE BOOL "")
