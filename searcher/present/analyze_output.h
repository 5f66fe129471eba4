/** @file analyze_output.h
 *  @brief `plan-search analyze`: text + Analysis in, what the analyzer made of it out (like
 *  Elasticsearch's _analyze): normalized text, tokens (surface, base, POS, reading, offsets into
 *  the original), user-dictionary entries, and the index terms by family with positions.
 */
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string_view>

#include "japanese_analyzer.h"

namespace plan {

/// Name of a term family as printed: word, compound, reading, bigram.
std::string_view family_name(TermFamily family);

/// {"text", "normalized", "analyzer", "tokens": [...], "user_entries": [...], "terms": [...]};
/// offsets are bytes of the original text, "original" is the text they cover.
nlohmann::json analysis_json(std::string_view text, const Analysis& analysis,
                             const std::string& analyzer_version);

/// Aligned listing of the same, for a terminal.
void print_analysis(std::ostream& out, std::string_view text, const Analysis& analysis);

}  // namespace plan
