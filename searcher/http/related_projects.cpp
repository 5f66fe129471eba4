#include "http/related_projects.h"

#include "search/related.h"
#include "search/snippet.h"

namespace plan {

SearchResponse related_projects(PlanSearcher& searcher, const ProjectRecord& source,
                                const RelatedRequest& request,
                                std::vector<std::vector<RelatedReason>>* reasons) {
    RelatedOptions options;
    options.limit = request.offset + request.limit;
    options.same_city = request.same_city;
    options.time_limit_ms = request.time_limit_ms;
    RelatedResponse related = find_related(searcher, source.id, options);
    SearchResponse out;
    out.query = source.name;
    out.offset = request.offset;
    out.limit = request.limit;
    out.total = related.results.size();
    out.total_exact = related.results.size() < options.limit;
    out.elapsed_ms = related.elapsed_ms;
    unsigned rank = 0;
    for (auto& h : related.results) {
        ++rank;
        if (rank <= request.offset) continue;
        SearchHit hit;
        hit.rank = rank;
        hit.score = h.score;
        hit.matched_terms = h.shared_terms;
        std::set<std::string> none;
        Snippet s = make_snippet(h.record.summary.empty() ? h.record.name : h.record.summary, none,
                                 searcher.analyzer());
        hit.snippet = snippet_html(s);
        hit.snippet_source = s.text;
        hit.record = std::move(h.record);
        if (reasons) reasons->push_back(std::move(h.reasons));
        out.results.push_back(std::move(hit));
    }
    return out;
}

}  // namespace plan
