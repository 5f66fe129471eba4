/** @file text_cleanup.h
 *  @brief Clean-up of PDF-extracted text shared by all readers.
 *
 *  In: a fragment as extracted. Out: the same text with letters that the PDF spaced apart joined
 *  (E B P M → EBPM, SDG s → SDGs, U I J ターン → UIJターン, I o T → IoT) and stray spaces inside
 *  Japanese removed. Width is kept as written: matching is the analyzer's job.
 */
#pragma once

#include <string>
#include <string_view>

namespace plan {

std::string clean_text(std::string_view text);

/// Trim ASCII and full-width spaces (and tabs) at both ends.
std::string trim(std::string_view text);

/// Join wrapped lines: no separator between Japanese, one space between ASCII words.
std::string join_wrapped(std::string_view first, std::string_view second);

}  // namespace plan
