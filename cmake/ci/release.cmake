# Optimised build for running and benchmarking: cmake -C cmake/ci/release.cmake
set(CMAKE_BUILD_TYPE Release CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS ON CACHE BOOL "")
