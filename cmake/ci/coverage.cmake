# Line coverage with gcov/gcovr: cmake -C cmake/ci/coverage.cmake
# The test command's first flavour (scripts/test.sh), then
# scripts/coverage-report.sh prints the figures. No debug info: gcov does not
# need it and it is a third of the compile time of CAF-heavy files.
set(CMAKE_BUILD_TYPE Debug CACHE STRING "")
set(CMAKE_CXX_FLAGS_DEBUG "" CACHE STRING "")
set(CMAKE_CXX_FLAGS "-O0 --coverage" CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "--coverage" CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS OFF CACHE BOOL "")
