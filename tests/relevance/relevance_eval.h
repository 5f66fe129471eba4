/** @file relevance_eval.h
 *  @brief Ranking quality against graded judgments: judgments.tsv + a searcher in, nDCG@10 and
 *  recall@20 per query, per kind of query and overall out. Also related projects
 *  (related_*.tsv in, success@5 / nDCG@10 / empty lists out) and plan-period links
 *  (history_*.tsv in, precision / recall / F1 by relation out).
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

// --- related projects: source id -> graded projects of other cities (matched by city + name, so
// another period's or a re-listed copy of the judged project counts as that project).
struct RelatedTarget {
    int grade = 0;
    std::string city, name;
};

struct RelatedSource {
    std::string id;
    std::vector<RelatedTarget> targets;
};

struct RelatedScore {
    std::string id;
    double success5 = 0, ndcg10 = 0;  // success@5: a judged project among the first five
    size_t returned = 0;
};

struct RelatedEvaluation {
    std::vector<RelatedScore> sources;
    double success5 = 0, ndcg10 = 0;
    size_t empty_lists = 0;
};

/// related_*.tsv: source id, grade, target city, target name, target id (tab-separated).
std::vector<RelatedSource> load_related_judgments(const std::string& path);
RelatedEvaluation evaluate_related(PlanSearcher& searcher,
                                   const std::vector<RelatedSource>& sources);

// --- plan periods: a project of one document and its continuations in another.
struct PeriodLink {
    std::string source_id, target_id, relation, target_name;  // relation "none": no continuation
};

struct RelationCount {
    size_t judged = 0, found = 0;
};

struct HistoryEvaluation {
    size_t predicted = 0, correct = 0, judged = 0, found = 0;
    double precision = 0, recall = 0, f1 = 0;
    std::map<std::string, RelationCount> by_relation;  // judged relation -> found of judged
    std::vector<std::string> wrong;   // "source -> predicted (relation)" not judged
    std::vector<std::string> missed;  // "source -> judged (relation)" not predicted
};

/// history_*.tsv: source id, target id (or -), relation, target name (tab-separated).
std::vector<PeriodLink> load_history_judgments(const std::string& path);
/// Links predicted by plan_history into the judged targets' documents, against the judged ones.
HistoryEvaluation evaluate_history(PlanSearcher& searcher, const std::vector<PeriodLink>& links);

}  // namespace plan::relevance
