/** @file related.h
 *  @brief Related projects: a record id in, its most similar projects out — in other cities by
 *  default (term-vector similarity over name and summary, with the index's synonyms), each with
 *  the terms that link it; and the same project across a city's plan periods (history).
 */
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan_searcher.h"

namespace plan {

struct RelatedOptions {
    size_t limit = 10;
    bool same_city = false;  // also the source's own city (never the project itself or its copies)
    std::optional<double> time_limit_ms;  // past it, SearchTimeLimit rather than an inexact list
};

struct RelatedHit {
    ProjectRecord record;
    double score = 0;
    std::vector<std::string> shared_terms;  // the words that make it related, most telling first
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
    std::string relation;  // "self", "same name", "renamed" (same summary), "similar name"
    double name_similarity = 0, summary_similarity = 0;
    std::vector<std::string> summary_added;    // phrases new in this entry's summary vs the source
    std::vector<std::string> summary_removed;  // phrases of the source that this entry lacks
};

struct PlanHistory {
    ProjectRecord source;
    std::vector<PeriodEntry> entries;  // one per document of the city holding the project, by year
};

/// The project across the plan periods of its city: the entries of other documents that describe
/// the same project (same or near-same name, or a rename with the same summary).
PlanHistory plan_history(PlanSearcher& searcher, const std::string& id);

/// Per city, its best per_city projects for the query (one entry per project name), best city first.
SearchResponse compare_cities(PlanSearcher& searcher, const std::string& query, size_t per_city);

/// Character-bigram Dice similarity of two texts after normalization (0..1).
double text_similarity(const JapaneseAnalyzer& analyzer, const std::string& a, const std::string& b);

}  // namespace plan
