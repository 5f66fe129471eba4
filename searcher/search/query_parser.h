/** @file query_parser.h
 *  @brief Query language: text in, ParsedQuery (clauses and filters) out.
 *
 *  Whitespace (also U+3000) means AND; `A OR B` is either; `-word` excludes; "…" is a phrase;
 *  field:value filters (city:, dept:/所管課:, flag:, goal:, policy:, measure:, section:, year:,
 *  document:, prefecture:) restrict; so do the index's extra facets (data sources' own, e.g.
 *  事業区分:政策事業, or facet:事業区分=政策事業). A malformed query gives QueryError with its position.
 */
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "errors.h"  // QueryError

namespace plan {

struct QueryClause {
    std::string text;
    bool phrase = false;
};

/// An AND item: one clause, or several joined by OR.
struct QueryItem {
    std::vector<QueryClause> alternatives;
    bool negated = false;
};

struct ParsedQuery {
    std::vector<QueryItem> items;
    std::map<std::string, std::vector<std::string>> filters;  // canonical filter name -> values
};

/// `extra_facets`: names of the index's extra facets, accepted as filter names as written.
ParsedQuery parse_query(const std::string& query, const std::set<std::string>& extra_facets = {});

/// Canonical filter name for a spelling (dept, 所管課, department → department), or "".
std::string canonical_filter_name(const std::string& name);

}  // namespace plan
