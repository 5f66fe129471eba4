/** @file related_projects.h
 *  @brief A project in, projects of other cities like it out (GET /api/projects/{id}/related).
 *
 *  This is the one call site of "related projects" in the server. Until the searcher has its
 *  own PlanSearcher::related(id, options) (issue 6), it runs a real search: the content words of
 *  the project's name and summary joined by OR, filtered to the other cities. Replace the body
 *  of related_projects() with the searcher's call when that exists; the HTTP layer stays as is.
 */
#pragma once

#include "http/api_request.h"
#include "search/plan_searcher.h"

namespace plan {

/// How the related list was made (the "method" field of the response).
inline constexpr const char* kRelatedMethod = "search:name+summary,other-cities";

/// Projects related to source, from other cities than source.city, best first.
SearchResponse related_projects(PlanSearcher& searcher, const ProjectRecord& source,
                                const RelatedRequest& request);

/// The words of name and summary the interim related search looks for (content words, name
/// first, no duplicates, at most max_words).
std::vector<std::string> related_query_words(const JapaneseAnalyzer& analyzer,
                                             const ProjectRecord& source, size_t max_words = 16);

}  // namespace plan
