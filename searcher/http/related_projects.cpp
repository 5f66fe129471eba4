#include "http/related_projects.h"

#include <algorithm>
#include <set>

namespace plan {

std::vector<std::string> related_query_words(const JapaneseAnalyzer& analyzer,
                                             const ProjectRecord& source, size_t max_words) {
    std::vector<std::string> words;
    std::set<std::string> seen;
    for (const std::string* text : {&source.name, &source.summary}) {
        for (const Token& t : analyzer.analyze(*text).tokens) {
            if (!t.content || t.base.size() < 2 || words.size() >= max_words) continue;
            // Keep only plain words: the query language gives " - : ( ) and OR a meaning.
            if (t.base == "or" || t.base == "OR" ||
                t.base.find_first_of("\"-:()\\") != std::string::npos ||
                !seen.insert(t.base).second)
                continue;
            words.push_back(t.base);
        }
    }
    return words;
}

SearchResponse related_projects(PlanSearcher& searcher, const ProjectRecord& source,
                                const RelatedRequest& request) {
    SearchRequest req;
    req.offset = request.offset;
    req.limit = request.limit;
    req.facets = false;
    const auto words = related_query_words(searcher.analyzer(), source);
    for (const auto& w : words) req.query += (req.query.empty() ? "" : " OR ") + w;

    std::vector<std::string> other_cities;
    const FacetCounts all = searcher.all_facets();
    if (auto cities = all.find("city"); cities != all.end())
        for (const auto& v : cities->second)
            if (v.value != source.city) other_cities.push_back(v.value);
    if (words.empty() || other_cities.empty()) {
        SearchResponse none;
        none.query = req.query;
        none.offset = req.offset;
        none.limit = req.limit;
        return none;
    }
    req.filters["city"] = other_cities;
    return searcher.search(req);
}

}  // namespace plan
