# Line coverage with gcov/gcovr: cmake -C cmake/ci/coverage.cmake
set(CMAKE_BUILD_TYPE Debug CACHE STRING "")
set(CMAKE_CXX_FLAGS "-O0 --coverage" CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "--coverage" CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS OFF CACHE BOOL "")
