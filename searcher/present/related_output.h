/** @file related_output.h
 *  @brief Related projects, plan-period history and the cross-city comparison in, JSON or an
 *  aligned terminal listing out.
 */
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "search/related.h"
#include "terminal_output.h"

namespace plan {

nlohmann::json related_json(const RelatedResponse& r);
/// A result's reasons: [{channel, score, terms}], strongest first.
nlohmann::json reasons_json(const std::vector<RelatedReason>& reasons);
nlohmann::json history_json(const PlanHistory& h);

void print_related(std::ostream& out, const RelatedResponse& r, const TerminalStyle& style);
void print_history(std::ostream& out, const PlanHistory& h, const TerminalStyle& style);
/// Per city, its best matching projects side by side (a response grouped by city).
void print_comparison(std::ostream& out, const SearchResponse& grouped, const TerminalStyle& style);

}  // namespace plan
