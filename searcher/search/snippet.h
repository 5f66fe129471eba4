/** @file snippet.h
 *  @brief Snippets: text + the query's terms in, the passage around the matches out, with the
 *  matched characters located by the analyzer's offsets (Xapian's MSet::snippet cannot segment
 *  Japanese).
 */
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "japanese_analyzer.h"

namespace plan {

struct Snippet {
    std::string text;                               // plain passage (with … where cut)
    std::vector<std::pair<size_t, size_t>> marks;   // byte ranges in `text` to highlight
    std::vector<std::string> matched;               // surfaces that matched, in order, unique
};

/// Cut a passage of about max_chars characters around the best cluster of matches.
Snippet make_snippet(const std::string& text, const std::set<std::string>& highlight_terms,
                     const JapaneseAnalyzer& analyzer, size_t max_chars = 120);

/// HTML-escape text, wrapping the marked ranges in <mark>…</mark>.
std::string snippet_html(const Snippet& s);
/// Terminal form: marked ranges in bold (ANSI) when `bold`, else plain.
std::string snippet_terminal(const Snippet& s, bool bold);

std::string html_escape(std::string_view text);

}  // namespace plan
