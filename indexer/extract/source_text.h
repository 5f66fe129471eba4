/** @file source_text.h
 *  @brief SourceText: a document's lines as UTF-8, whatever encoding it came in.
 *
 *  In: a file path. Out: lines (1-based numbering kept: lines[0] is line 1) without CR/LF.
 *  UTF-8 with or without BOM, UTF-16 (with a BOM, or without one when the NUL bytes of its
 *  ASCII characters all fall on one side) and Shift_JIS/CP932 are converted with ICU; LF, CRLF
 *  and CR line ends are all accepted. Empty (or blank) files, binary files (NUL or other
 *  control bytes) and byte sequences invalid in the detected encoding give InputError with
 *  file:line. A caller may name the encoding instead (a manifest entry's options.encoding).
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace plan {

struct SourceText {
    std::string file;      // as named in messages
    std::string encoding;  // detected: UTF-8, UTF-16LE, UTF-16BE, Shift_JIS
    std::vector<std::string> lines;
};

/// `encoding` (an ICU converter name, e.g. windows-31j) forces the decoding instead of detection.
SourceText load_source_text(const std::filesystem::path& path, const std::string& display_name = {},
                            const std::string& encoding = {});

/// The lines of a "file" with these bytes, exactly as load_source_text() reads a file (fuzzers
/// and tests feed bytes directly); `name` names it in errors.
SourceText source_text_from_bytes(const std::string& bytes, const std::string& name);

/// Decode bytes (detecting the encoding) into UTF-8; `where` names the input in errors.
std::string decode_to_utf8(const std::string& bytes, const std::string& where,
                           std::string* encoding = nullptr);

}  // namespace plan
