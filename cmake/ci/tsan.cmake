# ThreadSanitizer: cmake -C cmake/ci/tsan.cmake
set(CMAKE_BUILD_TYPE Debug CACHE STRING "")
# Line tables only: enough for file:line in reports, a third cheaper to
# compile than full debug info.
set(CMAKE_CXX_FLAGS_DEBUG "-g1" CACHE STRING "")
set(CMAKE_CXX_FLAGS "-O1 -fno-omit-frame-pointer -fsanitize=thread" CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "-fsanitize=thread" CACHE STRING "")
set(CMAKE_SHARED_LINKER_FLAGS "-fsanitize=thread" CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS OFF CACHE BOOL "")
set(ORCH_TCMALLOC OFF CACHE BOOL "")
