/** @file related.h
 *  @brief Related projects: a record id in, its most similar projects out — in other cities by
 *  default, one fused ranking of several channels (shared words and compounds with the index's
 *  synonyms; character n-grams of the names and of name+summary; the goal/policy/measure
 *  headings; the department's function), each result with its reasons; and the same project
 *  across a city's plan periods (history: same name, renamed, merged, split).
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan_searcher.h"

namespace plan {

struct RelatedOptions {
    size_t limit = 10;       // at most 50 results (the candidates every channel scores)
    bool same_city = false;  // also the source's own city (never the project itself or its copies)
    std::optional<double> time_limit_ms;  // past it, SearchTimeLimit rather than an inexact list
};

/// Why a result is related: one channel's part of the fused score and what it saw.
struct RelatedReason {
    std::string channel;  // "terms", "name", "text", "heading" or "department"
    double score = 0;     // this channel's contribution to RelatedHit::score
    std::vector<std::string>
        terms;  // shared terms, shared runs of characters, heading words, functions
};

struct RelatedHit {
    ProjectRecord record;
    double score = 0;                       // the sum of the reasons' scores (on a 2^-20 grid)
    std::vector<std::string> shared_terms;  // the words that make it related, most telling first
    std::vector<RelatedReason> reasons;     // strongest first
};

struct RelatedResponse {
    ProjectRecord source;
    std::vector<std::string> query_terms;  // the source's characteristic terms used for the search
    std::vector<RelatedHit> results;
    double elapsed_ms = 0;
};

/// InputError when the id is unknown; SearchTimeLimit past options.time_limit_ms.
RelatedResponse find_related(PlanSearcher& searcher, const std::string& id, const RelatedOptions& options);

struct PeriodEntry {
    ProjectRecord record;
    /// "self", "same name", "similar name" (near-same name), "renamed" (the same summary, or the
    /// same department and heading with part of the name or summary kept), "merged" (it also
    /// continues another project of the source's period), "split" (one of several continuations)
    std::string relation;
    double name_similarity = 0, summary_similarity = 0;
    std::vector<std::string> summary_added;    // phrases new in this entry's summary vs the source
    std::vector<std::string> summary_removed;  // phrases of the source that this entry lacks
};

struct PlanHistory {
    ProjectRecord source;
    std::vector<PeriodEntry> entries;  // the source ("self") and its continuations, by year
};

/// The project across the plan periods of its city: the entries of other documents that describe
/// the same project (same or near-same name, a rename, a merge or a split); several per document
/// when the project was split or merged.
PlanHistory plan_history(PlanSearcher& searcher, const std::string& id);

/// Per city, its best per_city projects for the query (one entry per project name), best city first.
SearchResponse compare_cities(PlanSearcher& searcher, const std::string& query, size_t per_city);

/// Character-bigram Dice similarity of two texts after normalization (0..1).
double text_similarity(const JapaneseAnalyzer& analyzer, const std::string& a, const std::string& b);

/// The share of part's character bigrams (with repeats) that whole also holds, after
/// normalization (0..1); 0 when part is too short to tell (under 12 bigrams).
double text_containment(const JapaneseAnalyzer& analyzer, const std::string& part,
                        const std::string& whole);

}  // namespace plan
