/** @file json_output.h
 *  @brief SearchResponse / FacetCounts in, JSON per the README's contract out (CLI --json and
 *  the HTTP API print the same).
 */
#pragma once

#include <nlohmann/json.hpp>

#include "search/search_request.h"

namespace plan {

nlohmann::json hit_json(const SearchHit& hit);
nlohmann::json facets_json(const FacetCounts& facets);
nlohmann::json response_json(const SearchResponse& response);

}  // namespace plan
