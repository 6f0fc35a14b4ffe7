# Line coverage with gcov/gcovr: cmake -C cmake/ci/coverage.cmake
# Coverage without sanitizers (ORCH_TEST_FLAVOURS=coverage scripts/test.sh);
# the test command itself measures it in asan-ubsan-coverage.cmake. Then
# scripts/coverage-report.sh prints the figures. No debug info: gcov does not
# need it and it is a third of the compile time of CAF-heavy files.
set(CMAKE_BUILD_TYPE Debug CACHE STRING "")
set(CMAKE_CXX_FLAGS_DEBUG "" CACHE STRING "")
# Atomic counters: the server's threads update them at once, and plain ones
# lose updates (gcov then reads negative counts).
set(CMAKE_CXX_FLAGS "-O0 --coverage -fprofile-update=atomic" CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "--coverage" CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS OFF CACHE BOOL "")
