/** @file query_builder.h
 *  @brief ParsedQuery + analyzer + database (for synonyms) in, Xapian::Query out.
 *
 *  Three strengths, tried in turn by the searcher: Strict (every item must match), Relaxed (any
 *  item), Bigram (character bigram phrases, for partial and unknown words only).
 */
#pragma once

#include <set>
#include <string>

#include <xapian.h>

#include "japanese_analyzer.h"
#include "synonyms.h"
#include "query_parser.h"

namespace plan {

enum class QueryStrength { Strict, Relaxed, Bigram };

struct BuiltQuery {
    Xapian::Query query;  // empty when nothing searchable is left
    /// Prefixed terms a snippet should highlight (W, K, R, B families).
    std::set<std::string> highlight_terms;
    bool has_positive = false;     // at least one non-negated item
    bool bigram_possible = false;  // some item is a partial/unknown word worth a bigram fallback
};

/// `synonyms`: the index's synonym map (from its metadata, so it also works over remote shards);
/// null: the database's own synonym lists.
BuiltQuery build_query(const ParsedQuery& parsed, const JapaneseAnalyzer& analyzer,
                       const Xapian::Database& db, QueryStrength strength,
                       const SynonymMap* synonyms = nullptr);

}  // namespace plan
