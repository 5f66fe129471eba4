/** @file search_request.h
 *  @brief SearchRequest in, SearchResponse out: the searcher's whole interface as values.
 *
 *  The CLI and the HTTP server both fill a SearchRequest and print a SearchResponse, so the two
 *  share semantics and JSON (see present/json_output.h).
 */
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "project_record.h"

namespace plan {

/// Facet names usable as filters (CLI --city, query city:, HTTP ?city=): the filter rows of the
/// facet table (core/facet_table.h), in its order.
const std::vector<std::string>& filter_names();

struct SearchRequest {
    std::string query;
    /// Filter name -> accepted values: OR within a name, AND across names.
    std::map<std::string, std::vector<std::string>> filters;
    size_t offset = 0;
    size_t limit = 10;
    std::string sort = "relevance";  // relevance | city | year | name
    std::string group_by;            // "" or "city" (also document, prefecture)
    size_t per_group = 3;
    bool facets = true;
    /// Facets to count (department, city, … or an extra facet); empty: all. Counting fewer
    /// slots is cheaper, like asking Elasticsearch for one aggregation instead of all.
    std::vector<std::string> facet_fields;
    bool relax = true;  // run a relaxed query when AND finds too little
    /// Milliseconds the search may take (none: unbounded, the CLI's default). Bounds Xapian's
    /// counting of all matches (Enquire::set_time_limit); a search that runs out throws
    /// SearchTimeLimit rather than answer with partial counts.
    std::optional<double> time_limit_ms;
};

struct FacetValue {
    std::string value;
    size_t count = 0;
};
/// Facet name -> values with their counts over the whole match set, most frequent first.
using FacetCounts = std::map<std::string, std::vector<FacetValue>>;

struct SearchHit {
    ProjectRecord record;
    unsigned rank = 0;  // 1-based across pages
    double score = 0;
    std::string snippet;                           // HTML-escaped, matches in <mark>…</mark>
    std::vector<std::pair<size_t, size_t>> marks;  // byte ranges of matches in snippet_source
    std::string snippet_source;                    // the plain text the snippet was cut from
    size_t snippet_offset = 0;                     // where the snippet starts in snippet_source
    size_t snippet_length = 0;
    std::vector<std::string> matched_terms;
};

struct SearchGroup {
    std::string value;
    size_t total = 0;  // matches of this group in the whole match set
    std::vector<SearchHit> hits;
};

struct SearchResponse {
    std::string query;
    size_t total = 0;
    bool total_exact = true;
    size_t offset = 0;
    size_t limit = 0;
    bool relaxed = false;
    std::string relaxation;  // "", "or", "bigram"
    /// Words a relaxed answer was widened with (feedback from its best projects), best first.
    std::vector<std::string> expanded;
    std::vector<SearchHit> results;
    std::vector<SearchGroup> groups;  // with group_by
    FacetCounts facets;
    double elapsed_ms = 0;
};

}  // namespace plan
