/** @file text_cleanup.h
 *  @brief Clean-up of PDF-extracted text shared by all readers.
 *
 *  In: a fragment as extracted. Out: the same text with letters that the PDF spaced apart joined
 *  (E B P M → EBPM, SDG s → SDGs, U I J ターン → UIJターン, I o T → IoT) and stray spaces inside
 *  Japanese removed. Width is kept as written: matching is the analyzer's job.
 *  A space stays only between two ASCII words ("For Asians") or between a word and ASCII
 *  punctuation; a lone letter or digit run of one is taken as a letter the PDF spaced apart.
 */
#pragma once

#include <string>
#include <string_view>

namespace plan {

std::string clean_text(std::string_view text);

/// Clean-up for headings and titles: spaced letters joined as in clean_text, but every other
/// run of spaces becomes one ASCII space, so "基本目標 1 市民と行政が拓く 協働と連携のまち" keeps
/// the gaps the document puts between its number and the parts of its title.
std::string clean_title(std::string_view text);

/// Trim ASCII and full-width spaces (and tabs) at both ends.
std::string trim(std::string_view text);

/// Join wrapped lines: no separator between Japanese, one space between ASCII words.
std::string join_wrapped(std::string_view first, std::string_view second);

}  // namespace plan
