/** @file query_builder.h
 *  @brief ParsedQuery + analyzer + database (for synonyms) in, Xapian::Query out.
 *
 *  Three strengths: Strict (every item must match); when its answer is thin, the searcher adds
 *  Relaxed (any item) and, at a lower weight, Bigram (every character bigram of a partial or
 *  unknown word) after the strict matches. Partial (two of an item's bigrams) answers only what
 *  would otherwise be empty (レンタサイクル finds シェアサイクル).
 */
#pragma once

#include <set>
#include <string>

#include <xapian.h>

#include "japanese_analyzer.h"
#include "synonyms.h"
#include "query_parser.h"

namespace plan {

enum class QueryStrength {
    Strict,   // every item
    Relaxed,  // any item
    Bigram,   // every character bigram of an item
    Partial,  // any two character bigrams of an item: the last resort before an empty answer
};

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
