/** @file fuzz_input.h
 *  @brief Shared by the fuzz targets: fuzzer bytes in, the document lines a reader sees out.
 *
 *  Mirrors load_source_text() on bytes (decode, split on LF, drop CR and the final empty line),
 *  so the reader targets see exactly what plan-index would hand the reader for that file.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "extract/source_text.h"

namespace plan::fuzz {

inline std::string bytes_of(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

/// The decoded lines of a "file" with these bytes; throws InputError like load_source_text.
inline SourceText source_text_of(const std::string& bytes, const std::string& name) {
    SourceText st;
    st.file = name;
    std::string text = decode_to_utf8(bytes, name, &st.encoding);
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string line =
            text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        st.lines.push_back(std::move(line));
        if (nl == std::string::npos) break;
        start = nl + 1;
    }
    if (!st.lines.empty() && st.lines.back().empty()) st.lines.pop_back();
    return st;
}

}  // namespace plan::fuzz
