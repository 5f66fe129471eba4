#include "json_output.h"

namespace plan {

nlohmann::json hit_json(const SearchHit& h) {
    nlohmann::json j = h.record;
    j["rank"] = h.rank;
    j["score"] = h.score;
    j["snippet"] = h.snippet;
    j["matched_terms"] = h.matched_terms;
    return j;
}

nlohmann::json facets_json(const FacetCounts& facets) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, values] : facets) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& v : values) list.push_back({{"value", v.value}, {"count", v.count}});
        out[name] = list;
    }
    return out;
}

nlohmann::json response_json(const SearchResponse& r) {
    nlohmann::json results = nlohmann::json::array();
    for (const auto& h : r.results) results.push_back(hit_json(h));
    nlohmann::json j = {
        {"query", r.query},
        {"total", r.total},
        {"total_exact", r.total_exact},
        {"offset", r.offset},
        {"limit", r.limit},
        {"relaxed", r.relaxed},
        {"relaxation", r.relaxation},
        {"expanded", r.expanded},
        {"results", results},
        {"facets", facets_json(r.facets)},
    };
    if (!r.groups.empty()) {
        nlohmann::json groups = nlohmann::json::array();
        for (const auto& g : r.groups) {
            nlohmann::json hits = nlohmann::json::array();
            for (const auto& h : g.hits) hits.push_back(hit_json(h));
            groups.push_back({{"value", g.value}, {"total", g.total}, {"results", hits}});
        }
        j["groups"] = groups;
    }
    j["elapsed_ms"] = r.elapsed_ms;
    return j;
}

}  // namespace plan
