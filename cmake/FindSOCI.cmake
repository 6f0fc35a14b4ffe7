# Finds SOCI 4.0 (no CMake package or pkg-config file on Debian) and wraps it in
# SOCI::core, SOCI::sqlite3 and SOCI::postgresql. Backends are linked by name,
# never loaded at run time. Debian's soci-config.h defines SOCI_HAVE_BOOST, so
# the headers need Boost; the PostgreSQL backend header includes libpq-fe.h.
find_package(PkgConfig REQUIRED)
find_package(Boost REQUIRED)
pkg_check_modules(SOCI_LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(SOCI_SQLITE REQUIRED IMPORTED_TARGET sqlite3)
find_path(SOCI_INCLUDE_DIR soci/soci.h)
find_library(SOCI_CORE_LIBRARY soci_core)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(
  SOCI REQUIRED_VARS SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY
                     SOCI_POSTGRESQL_LIBRARY)

if(SOCI_FOUND AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(
    SOCI::core PROPERTIES IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
                          INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}")
  target_link_libraries(SOCI::core INTERFACE Boost::headers ${CMAKE_DL_LIBS})
  add_library(SOCI::sqlite3 UNKNOWN IMPORTED)
  set_target_properties(SOCI::sqlite3 PROPERTIES IMPORTED_LOCATION
                                                 "${SOCI_SQLITE3_LIBRARY}")
  target_link_libraries(SOCI::sqlite3 INTERFACE SOCI::core PkgConfig::SOCI_SQLITE)
  add_library(SOCI::postgresql UNKNOWN IMPORTED)
  set_target_properties(SOCI::postgresql PROPERTIES IMPORTED_LOCATION
                                                    "${SOCI_POSTGRESQL_LIBRARY}")
  target_link_libraries(SOCI::postgresql INTERFACE SOCI::core
                                                   PkgConfig::SOCI_LIBPQ)
endif()
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY
                 SOCI_POSTGRESQL_LIBRARY)
