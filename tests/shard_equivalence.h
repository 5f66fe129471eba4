// Comparing a sharded collection with one database: the queries and the equality the shard tests
// use.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "search/plan_searcher.h"
#include "search/related.h"

namespace plan::test {

inline SearchRequest request(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 2000;  // every match, so the whole ranking is compared
    return r;
}

// Same hits in the same order with the same scores, same totals and facet counts.
inline void require_same(PlanSearcher& combined, PlanSearcher& sharded, const SearchRequest& req) {
    CAPTURE(req.query, req.sort, req.group_by);
    const SearchResponse a = combined.search(req);
    const SearchResponse b = sharded.search(req);
    REQUIRE(a.total == b.total);
    CHECK(a.relaxed == b.relaxed);
    REQUIRE(a.results.size() == b.results.size());
    // Scores agree to the last bits but floating-point sums over shards may differ in them, so
    // "equal" is within 1e-9 (relative), and results whose scores are equal in that sense may
    // come in either order: compare such runs as sets.
    auto same_score = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x)); };
    for (size_t i = 0; i < a.results.size();) {
        size_t j = i + 1;
        while (j < a.results.size() && same_score(a.results[j].score, a.results[i].score)) ++j;
        CAPTURE(i, j);
        std::map<std::string, std::string> run_a, run_b;
        for (size_t k = i; k < j; ++k) {
            CHECK(same_score(a.results[k].score, b.results[k].score));
            run_a[a.results[k].record.id] = a.results[k].snippet;
            run_b[b.results[k].record.id] = b.results[k].snippet;
        }
        CHECK(run_a == run_b);
        i = j;
    }
    REQUIRE(a.facets.size() == b.facets.size());
    for (const auto& [facet, values] : a.facets) {
        CAPTURE(facet);
        const auto& other = b.facets.at(facet);
        REQUIRE(values.size() == other.size());
        for (size_t i = 0; i < values.size(); ++i) {
            CHECK(values[i].value == other[i].value);
            CHECK(values[i].count == other[i].count);
        }
    }
    REQUIRE(a.groups.size() == b.groups.size());
    for (size_t i = 0; i < a.groups.size(); ++i) CHECK(a.groups[i].total == b.groups[i].total);
}

// Same related projects (in order, with their scores and linking terms) and the same history
// across plan periods for the record id: "related projects in other cities" must not depend on
// how the collection is split.
inline void require_same_related(PlanSearcher& combined, PlanSearcher& sharded,
                                 const std::string& id) {
    CAPTURE(id);
    RelatedOptions options;
    options.limit = 20;
    const RelatedResponse a = find_related(combined, id, options);
    const RelatedResponse b = find_related(sharded, id, options);
    CHECK(a.query_terms == b.query_terms);
    REQUIRE(a.results.size() == b.results.size());
    for (size_t i = 0; i < a.results.size(); ++i) {
        CAPTURE(i);
        CHECK(a.results[i].record.id == b.results[i].record.id);
        CHECK(std::abs(a.results[i].score - b.results[i].score) <=
              1e-9 * std::max(1.0, a.results[i].score));
        CHECK(a.results[i].shared_terms == b.results[i].shared_terms);
    }
    const PlanHistory ha = plan_history(combined, id), hb = plan_history(sharded, id);
    REQUIRE(ha.entries.size() == hb.entries.size());
    for (size_t i = 0; i < ha.entries.size(); ++i) {
        CHECK(ha.entries[i].record.id == hb.entries[i].record.id);
        CHECK(ha.entries[i].relation == hb.entries[i].relation);
    }
}

// Every step-th record id of the collection, in source order (each city and layout is sampled).
inline std::vector<std::string> sample_ids(PlanSearcher& searcher, size_t step) {
    SearchRequest all = request("");
    std::vector<std::string> ids;
    const SearchResponse r = searcher.search(all);
    for (size_t i = 0; i < r.results.size(); i += step) ids.push_back(r.results[i].record.id);
    return ids;
}

inline const std::vector<SearchRequest>& queries() {
    static const std::vector<SearchRequest> all = [] {
        std::vector<SearchRequest> q;
        for (const char* text :
             {"移住", "子育て 支援", "デジタル", "\"移住支援金\"", "観光 OR 交流", "移住 -東京",
              "広報紙", "ごみ", "city:鹿児島市 健康", "dept:広報課", "ジドウ", "温暖化対策",
              "こそだて", "けんこう"})
            q.push_back(request(text));
        q.push_back(request(""));  // everything, in source order
        SearchRequest grouped = request("移住 支援");
        grouped.group_by = "city";
        q.push_back(grouped);
        SearchRequest page = request("事業");
        page.offset = 7;
        page.limit = 5;
        q.push_back(page);
        return q;
    }();
    return all;
}

}  // namespace plan::test
