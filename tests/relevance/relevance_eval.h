/** @file relevance_eval.h
 *  @brief Ranking quality against graded judgments: judgments.tsv + a searcher in, nDCG@10 and
 *  recall@20 per query, per kind of query and overall out.
 */
#pragma once

#include <map>
#include <string>
#include <vector>

#include "search/plan_searcher.h"

namespace plan::relevance {

struct Judgment {
    int grade = 0;
    std::string document;
    std::string name_part;
    int line = 0;  // line in the judgments file, for messages that name file:line
};

struct JudgedQuery {
    std::string query;
    std::string kind;
    std::vector<Judgment> judgments;
};

struct QueryScore {
    std::string query, kind;
    double ndcg10 = 0, recall20 = 0;
    size_t returned = 0;
    bool relaxed = false;
};

struct Evaluation {
    std::vector<QueryScore> queries;
    std::map<std::string, std::pair<double, double>> per_kind;  // kind -> (nDCG@10, recall@20)
    double ndcg10 = 0, recall20 = 0;
    size_t empty_results = 0;
};

std::vector<JudgedQuery> load_judgments(const std::string& path);
Evaluation evaluate(PlanSearcher& searcher, const std::vector<JudgedQuery>& queries);

}  // namespace plan::relevance
