# Which Xapian plan-search links (included by the top CMakeLists.txt).
#
# Default: the build of scripts/build-xapian.sh (scripts/install-deps.sh runs it): Debian's
# xapian-core source with patches/xapian-core/*.patch applied, static, in
#   ${PLAN_SEARCH_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/plan-search}/xapian-core-<version>+<patch level>
# -DPLAN_XAPIAN_PREFIX=system: Debian's stock libxapian-dev (1.4.22, with the AND_MAYBE decay bug;
# the searcher then keeps visiting every match).
#
# Defines: the target plan_xapian (link it, never -lxapian), PLAN_XAPIAN_PATCHED (ON/OFF) and
# PLAN_XAPIAN_TCPSRV (the xapian-tcpsrv that tests run and the package ships).

# The same prefix scripts/build-xapian.sh computes, from the same file and environment.
file(STRINGS ${CMAKE_SOURCE_DIR}/patches/xapian-core/version.env _plan_xapian_env REGEX "^XAPIAN_[A-Z_]+=")
foreach(_line IN LISTS _plan_xapian_env)
  string(REGEX MATCH "^([A-Z_]+)=(.*)$" _ "${_line}")
  set(${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
endforeach()
if(NOT "$ENV{PLAN_SEARCH_DEPS}" STREQUAL "")
  set(_plan_deps "$ENV{PLAN_SEARCH_DEPS}")
elseif(NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(_plan_deps "$ENV{XDG_CACHE_HOME}/plan-search")
else()
  set(_plan_deps "$ENV{HOME}/.cache/plan-search")
endif()
set(_plan_default_prefix "${_plan_deps}/xapian-core-${XAPIAN_DEBIAN_VERSION}+${XAPIAN_PATCH_LEVEL}")
set(PLAN_XAPIAN_PREFIX "${_plan_default_prefix}"
    CACHE STRING "Prefix of the patched static Xapian (scripts/build-xapian.sh), or 'system' for Debian's libxapian-dev")
# A build folder configured before the patch level was raised holds the old default prefix: follow
# the new one (a prefix the user chose, or 'system', is kept).
string(FIND "${PLAN_XAPIAN_PREFIX}" "${_plan_deps}/xapian-core-" _plan_at)
if(_plan_at EQUAL 0 AND NOT PLAN_XAPIAN_PREFIX STREQUAL _plan_default_prefix)
  message(STATUS "Xapian: the patch level is now ${XAPIAN_PATCH_LEVEL}: using ${_plan_default_prefix}")
  set(PLAN_XAPIAN_PREFIX "${_plan_default_prefix}" CACHE STRING
      "Prefix of the patched static Xapian (scripts/build-xapian.sh), or 'system' for Debian's libxapian-dev" FORCE)
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/patches/xapian-core/version.env)

add_library(plan_xapian INTERFACE)
if(PLAN_XAPIAN_PREFIX STREQUAL "system")
  find_package(xapian REQUIRED)  # libxapian-dev
  target_include_directories(plan_xapian SYSTEM INTERFACE ${XAPIAN_INCLUDE_DIR})
  target_link_libraries(plan_xapian INTERFACE ${XAPIAN_LIBRARIES})
  set(PLAN_XAPIAN_PATCHED OFF)
  set(PLAN_XAPIAN_TCPSRV xapian-tcpsrv)  # xapian-tools, from PATH
  message(STATUS "Xapian: Debian's stock library ${XAPIAN_LIBRARIES} (unpatched: searches visit every match)")
  return()
endif()

set(_plan_stamp ${PLAN_XAPIAN_PREFIX}/.plan-search-stamp)
if(NOT EXISTS ${PLAN_XAPIAN_PREFIX}/lib/libxapian.a OR NOT EXISTS ${PLAN_XAPIAN_PREFIX}/include/xapian.h
   OR NOT EXISTS ${_plan_stamp})
  message(FATAL_ERROR
    "No patched Xapian in ${PLAN_XAPIAN_PREFIX}.\n"
    "Run scripts/install-deps.sh (it runs scripts/build-xapian.sh: Debian's xapian-core source with "
    "patches/xapian-core/ applied, about 4 minutes once; the same PLAN_SEARCH_DEPS or XDG_CACHE_HOME "
    "as here), or configure with "
    "-DPLAN_XAPIAN_PREFIX=system to use Debian's stock libxapian-dev (every match is then visited).")
endif()
# A prefix built from other patches (one was edited since) is stale: say so rather than link it.
file(STRINGS ${_plan_stamp} _plan_stamp_lines)
file(GLOB _plan_patches ${CMAKE_SOURCE_DIR}/patches/xapian-core/*.patch)
foreach(_patch IN LISTS _plan_patches)
  file(SHA256 ${_patch} _hash)
  get_filename_component(_name ${_patch} NAME)
  if(NOT "patch ${_hash} ${_name}" IN_LIST _plan_stamp_lines)
    message(FATAL_ERROR "${PLAN_XAPIAN_PREFIX} was not built with the current ${_name}: run scripts/install-deps.sh")
  endif()
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_plan_stamp} ${_plan_patches})

# The static library's own dependencies, as its xapian-config says (-luuid -lz on Debian 12).
execute_process(COMMAND ${PLAN_XAPIAN_PREFIX}/bin/xapian-config --static --libs
                OUTPUT_VARIABLE _plan_xapian_libs OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE _rc)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${PLAN_XAPIAN_PREFIX}/bin/xapian-config --static --libs failed: run scripts/install-deps.sh")
endif()
separate_arguments(_plan_xapian_libs UNIX_COMMAND "${_plan_xapian_libs}")
set(_plan_xapian_deps)
foreach(_arg IN LISTS _plan_xapian_libs)
  if(_arg MATCHES "^-l(.+)$" AND NOT CMAKE_MATCH_1 STREQUAL "xapian")
    list(APPEND _plan_xapian_deps ${CMAKE_MATCH_1})
  elseif(_arg MATCHES "^-pthread$")
    list(APPEND _plan_xapian_deps Threads::Threads)
  endif()
endforeach()
target_include_directories(plan_xapian SYSTEM INTERFACE ${PLAN_XAPIAN_PREFIX}/include)
target_link_libraries(plan_xapian INTERFACE ${PLAN_XAPIAN_PREFIX}/lib/libxapian.a ${_plan_xapian_deps})
set(PLAN_XAPIAN_PATCHED ON)
set(PLAN_XAPIAN_TCPSRV ${PLAN_XAPIAN_PREFIX}/bin/xapian-tcpsrv)
message(STATUS "Xapian: patched static build in ${PLAN_XAPIAN_PREFIX} (links ${_plan_xapian_deps})")
