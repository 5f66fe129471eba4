/** @file synonyms.h
 *  @brief Synonym groups (dict/synonyms.txt): loaded at index time and stored in the Xapian
 *  database, so every searcher — including one reading remote shards — expands queries alike.
 *
 *  In: a text file, one group per line, phrases separated by commas; '#' starts a comment.
 *  Out: groups of phrases; add_synonyms() writes them as Xapian synonyms of their key terms.
 */
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "japanese_analyzer.h"

namespace plan {

using SynonymGroups = std::vector<std::vector<std::string>>;
/// Key term -> the key terms of its synonyms, as stored in the index metadata.
using SynonymMap = std::map<std::string, std::vector<std::string>>;
inline constexpr std::string_view kMetaSynonymMap = "plan:synonym-map";

SynonymGroups load_synonym_groups(const std::string& path);

/// Where dict/synonyms.txt is: $PLAN_SEARCH_SYNONYMS or the source tree's dict/.
std::string default_synonyms_path();

/// Digest of the groups, stored in the index so a mismatch can be detected.
std::string synonyms_digest(const SynonymGroups& groups);

/// Store each group as mutual Xapian synonyms of the phrases' key terms.
void add_synonyms(Xapian::WritableDatabase& db, const SynonymGroups& groups,
                  const JapaneseAnalyzer& analyzer);

}  // namespace plan
