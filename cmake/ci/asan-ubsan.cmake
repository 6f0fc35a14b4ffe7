# AddressSanitizer + UndefinedBehaviorSanitizer: cmake -C cmake/ci/asan-ubsan.cmake
# -fno-sanitize=vptr: the vptr check needs the typeinfo of third-party
# polymorphic classes, which Debian's SOCI does not export (link error).
# Handlers stay recoverable so tests/ubsan.supp applies; UBSAN_OPTIONS
# halt_on_error=1 (scripts/test.sh) still makes every other report fatal.
set(CMAKE_BUILD_TYPE Debug CACHE STRING "")
set(CMAKE_CXX_FLAGS "-O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize=vptr" CACHE STRING "")
set(CMAKE_EXE_LINKER_FLAGS "-fsanitize=address,undefined" CACHE STRING "")
set(CMAKE_SHARED_LINKER_FLAGS "-fsanitize=address,undefined" CACHE STRING "")
set(ORCH_BUILD_BENCHMARKS OFF CACHE BOOL "")
