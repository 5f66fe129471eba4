# The HTTP server (searcher/http): cpp-httplib, and the web page + OpenAPI document embedded into
# the binary at build time. Included from the top CMakeLists.txt after the plansearcher target.

# libcpp-httplib-dev ships httplib.h plus a compiled libcpp-httplib.so built with OpenSSL, zlib
# and Brotli support; its pkg-config file carries the matching defines (they change the ABI).
find_path(HTTPLIB_INCLUDE_DIR httplib.h REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CPP_HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
target_link_libraries(plansearcher PUBLIC PkgConfig::CPP_HTTPLIB)

# URL path -> file. Every file is compiled into web_assets.cpp (no files needed at run time).
set(PLAN_WEB_ASSETS
  "/=${CMAKE_SOURCE_DIR}/web/index.html"
  "/app.js=${CMAKE_SOURCE_DIR}/web/app.js"
  "/style.css=${CMAKE_SOURCE_DIR}/web/style.css"
  "/favicon.svg=${CMAKE_SOURCE_DIR}/web/favicon.svg"
  "/api/openapi.json=${CMAKE_SOURCE_DIR}/searcher/http/openapi.json")
set(PLAN_WEB_ASSET_FILES)
foreach(entry IN LISTS PLAN_WEB_ASSETS)
  string(REGEX REPLACE "^[^=]*=" "" file "${entry}")
  list(APPEND PLAN_WEB_ASSET_FILES "${file}")
endforeach()
string(REPLACE ";" "|" PLAN_WEB_ASSETS_ARG "${PLAN_WEB_ASSETS}")
set(PLAN_WEB_ASSETS_CPP ${CMAKE_BINARY_DIR}/generated/web_assets.cpp)
add_custom_command(
  OUTPUT ${PLAN_WEB_ASSETS_CPP}
  COMMAND ${CMAKE_COMMAND} "-DASSETS=${PLAN_WEB_ASSETS_ARG}" -DOUTPUT=${PLAN_WEB_ASSETS_CPP}
          -P ${CMAKE_SOURCE_DIR}/searcher/http/embed_assets.cmake
  DEPENDS ${PLAN_WEB_ASSET_FILES} ${CMAKE_SOURCE_DIR}/searcher/http/embed_assets.cmake
  COMMENT "Embedding web/ and the OpenAPI document into the server"
  VERBATIM)
target_sources(plansearcher PRIVATE ${PLAN_WEB_ASSETS_CPP})
