/** @file source_text.h
 *  @brief SourceText: a document's lines as UTF-8, whatever encoding it came in.
 *
 *  In: a file path. Out: lines (1-based numbering kept: lines[0] is line 1) without CR/LF.
 *  UTF-8 with or without BOM, UTF-16 (BOM) and Shift_JIS/CP932 are converted with ICU (or the
 *  encoding named by the caller, e.g. a manifest entry's options.encoding).
 *  Empty files, binary files (NUL bytes) and undecodable bytes give InputError with file:line.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace plan {

struct SourceText {
    std::string file;  // as named in messages
    std::string encoding;  // detected: UTF-8, UTF-16LE, UTF-16BE, Shift_JIS
    std::vector<std::string> lines;
};

/// `encoding` (an ICU converter name, e.g. windows-31j) forces the decoding instead of detection.
SourceText load_source_text(const std::filesystem::path& path, const std::string& display_name = {},
                            const std::string& encoding = {});

/// Decode bytes (detecting the encoding) into UTF-8; `where` names the input in errors.
std::string decode_to_utf8(const std::string& bytes, const std::string& where, std::string* encoding = nullptr);

}  // namespace plan
