/** @file query_builder.h
 *  @brief QueryBuilder: ParsedQuery in, Xapian::Query out, over an analyzer, a database (term
 *  frequencies, its synonym lists) and the index's synonym map.
 *
 *  Three strengths: Strict (every item must match); when its answer is thin, the searcher adds
 *  Relaxed (any item; a word in most records only scores, as Lucene's cutoff_frequency) and,
 *  at a lower weight, Bigram (every character bigram of a partial or
 *  unknown word) after the strict matches. Partial (two of an item's bigrams) answers only what
 *  would otherwise be empty (レンタサイクル finds シェアサイクル).
 */
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <string>

#include "japanese_analyzer.h"
#include "query_parser.h"
#include "synonyms.h"

namespace plan {

/// A query matching every document, made afresh. Not Xapian::Query::MatchAll: that is one static
/// object whose reference count (not atomic in Xapian 1.4) every copy changes, so copies made by
/// concurrent searches corrupt it (a server crashed under load).
inline Xapian::Query match_all() { return Xapian::Query(std::string()); }

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

/// Builds the Xapian query of a parsed query at a strength. Cheap to make: one per search.
/// The analyzer and the synonym map must outlive it.
class QueryBuilder {
  public:
    /// `synonyms`: the index's synonym map (from its metadata, so it also works over remote
    /// shards); null: the database's own synonym lists.
    QueryBuilder(const JapaneseAnalyzer& analyzer, const Xapian::Database& db,
                 const SynonymMap* synonyms = nullptr)
        : analyzer_(analyzer), db_(db), synonyms_(synonyms) {}

    BuiltQuery build(const ParsedQuery& parsed, QueryStrength strength) const;

  private:
    struct Clause;  // one clause's query, and whether a bigram fallback is worth it
    Clause clause_query(const QueryClause& clause, QueryStrength strength,
                        std::set<std::string>& hl) const;
    Xapian::Query term_with_synonyms(const std::string& term, std::set<std::string>& hl,
                                     const std::vector<SynonymTarget>& more = {}) const;
    std::vector<SynonymTarget> expansions_of(const std::string& term) const;
    /// The index's words that share a verb's or adjective's stem (預ける → 預かる, 学ぶ → 学び).
    std::vector<SynonymTarget> stem_family(const Token& tok) const;
    std::vector<std::string> synonyms_of(const std::string& term) const;
    /// Held by more than kCommonShare of the records (a relaxed query only scores it).
    bool is_common(const std::string& term) const;

    const JapaneseAnalyzer& analyzer_;
    Xapian::Database db_;  // a handle
    const SynonymMap* synonyms_;
    /// stem_family by dictionary form: a thin answer builds the query again, relaxed.
    mutable std::map<std::string, std::vector<SynonymTarget>> stem_families_;
};

}  // namespace plan
