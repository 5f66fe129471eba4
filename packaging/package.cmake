# The Debian package (cpack -G DEB in the build folder, or cmake --build build --target package):
# the programs, the compiled user dictionary and synonyms, the systemd units, the settings file
# (a conffile) and the --help texts as docs. Runtime dependencies come from dpkg-shlibdeps
# (dpkg-dev). Included at the end of the top CMakeLists.txt; tests/package_test.sh checks it.
#
# Layout (prefix /usr): bin/plan-search and bin/plan-index are packaging/launcher.sh, which
# points the analyzer at share/plan-search/ and runs lib/plan-search/<program>.
# Xapian is linked statically (the patched build, cmake/xapian.cmake), so the package does not
# depend on libxapian30, and it ships that build's remote-shard server as
# lib/plan-search/xapian-tcpsrv. Built with -DPLAN_XAPIAN_PREFIX=system it depends on libxapian30
# and ships no server (xapian-tools has the stock one).

set(PLAN_PACKAGE_MAINTAINER "plan-search maintainers <plan-search@localhost>"
    CACHE STRING "Maintainer field of the Debian package")

install(TARGETS plan-search plan-index RUNTIME DESTINATION lib/plan-search)
if(PLAN_XAPIAN_PATCHED)
  install(PROGRAMS ${PLAN_XAPIAN_TCPSRV} DESTINATION lib/plan-search)
endif()
install(PROGRAMS ${CMAKE_SOURCE_DIR}/packaging/launcher.sh DESTINATION bin RENAME plan-search)
install(PROGRAMS ${CMAKE_SOURCE_DIR}/packaging/launcher.sh DESTINATION bin RENAME plan-index)
install(FILES ${PLAN_USER_DICT} ${CMAKE_SOURCE_DIR}/dict/synonyms.txt
        DESTINATION share/plan-search)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/plan-search.service
              ${CMAKE_SOURCE_DIR}/packaging/plan-index-rebuild.service
              ${CMAKE_SOURCE_DIR}/packaging/plan-index-rebuild.timer
        DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/plan-search.env
        DESTINATION /etc/default RENAME plan-search)

# --help of every command, as the package's documentation (no man pages to keep in sync),
# written at install time by the built programs.
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION share/doc/plan-search)
install(CODE "
  set(OUTPUT \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/share/doc/plan-search/commands.txt\")
  set(PLAN_SEARCH \"$<TARGET_FILE:plan-search>\")
  set(PLAN_INDEX \"$<TARGET_FILE:plan-index>\")
  include(\"${CMAKE_SOURCE_DIR}/packaging/help_doc.cmake\")")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME plan-search)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "full-text search for Japanese municipal plans (CLI, HTTP API, web page)")
set(CPACK_PACKAGE_DESCRIPTION
    "plan-index turns municipal plans (総合計画, 実施計画, 予算の重点) into an index of projects;\nplan-search queries it from the command line or serves it over HTTP (systemd unit\nplan-search.service, nightly rebuild with plan-index-rebuild.timer, Prometheus /metrics).")
if(PLAN_XAPIAN_PATCHED)
  string(APPEND CPACK_PACKAGE_DESCRIPTION
    "\nXapian 1.4.22 is built in, with a fix for pruned matches (AND_MAYBE decay); serve remote\nshards with /usr/lib/plan-search/xapian-tcpsrv, the server built from that same Xapian.")
endif()
set(CPACK_PACKAGE_CONTACT "${PLAN_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/packages)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Data the programs open at run time, which dpkg-shlibdeps cannot see: IPADIC for MeCab.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "mecab-ipadic-utf8")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_SOURCE_DIR}/packaging/conffiles ${CMAKE_SOURCE_DIR}/packaging/postinst
    ${CMAKE_SOURCE_DIR}/packaging/prerm ${CMAKE_SOURCE_DIR}/packaging/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
