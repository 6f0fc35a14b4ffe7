# Helpers that give every target of the project the same flags.

# The project's own code builds with warnings as errors; third-party headers
# come in as system includes and do not count.
function(orch_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# orch_library(NAME DEPS ...): the library of one source folder, made of every
# .cpp file in it. Headers are included as "folder/header.hpp" from the
# repository root.
function(orch_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  orch_warnings(${name})
endfunction()

# orch_allocator(TARGET): an executable allocates through tcmalloc when
# ORCH_TCMALLOC is on (ORCH_TCMALLOC is then defined for its sources).
function(orch_allocator target)
  if(ORCH_TCMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::TCMALLOC)
    target_compile_definitions(${target} PRIVATE ORCH_TCMALLOC=1)
  endif()
endfunction()
