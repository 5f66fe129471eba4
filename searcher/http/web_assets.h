/** @file web_assets.h
 *  @brief The files served as they are (web page, OpenAPI document): URL path in, bytes and
 *  content type out. Their bytes are compiled into the binary (see http.cmake), so the server
 *  needs no files besides the index.
 */
#pragma once

#include <string_view>
#include <vector>

namespace plan {

struct WebAsset {
    std::string_view path;          // URL path, e.g. "/" or "/app.js"
    std::string_view content_type;  // e.g. "text/html; charset=utf-8"
    std::string_view bytes;
};

/// Every embedded file.
const std::vector<WebAsset>& web_assets();

/// The asset served at this URL path, or nullptr.
inline const WebAsset* find_web_asset(std::string_view path) {
    for (const auto& a : web_assets())
        if (a.path == path) return &a;
    return nullptr;
}

}  // namespace plan
