/** @file related_projects.h
 *  @brief A project in, projects of other cities like it out (GET /api/projects/{id}/related),
 *  in the search response's shape: the searcher's find_related(), each result's shared terms in
 *  `matched_terms` and (added by the server) its reasons in `reasons`.
 */
#pragma once

#include "http/api_request.h"
#include "search/plan_searcher.h"
#include "search/related.h"

namespace plan {

/// How the related list was made (the "method" field of the response).
inline constexpr const char* kRelatedMethod =
    "fused:terms+synonyms,name-ngrams,text-ngrams,headings,department-function,other-cities";

/// Projects related to source (from other cities unless request.same_city), best first. With
/// `reasons`, each result's reasons (RelatedHit::reasons) in the order of the results.
SearchResponse related_projects(PlanSearcher& searcher, const ProjectRecord& source,
                                const RelatedRequest& request,
                                std::vector<std::vector<RelatedReason>>* reasons = nullptr);

}  // namespace plan
