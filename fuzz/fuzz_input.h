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
    return source_text_from_bytes(bytes, name);
}

}  // namespace plan::fuzz
