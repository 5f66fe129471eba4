// plan-relevance: print nDCG@10 and recall@20 of the searcher on the judged query set.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "relevance_eval.h"

int main(int argc, char** argv) {
    CLI::App app{"plan-relevance: ranking quality on judged queries (tests/relevance/judgments.tsv)"};
    std::string index = "data/index", judgments = PLAN_JUDGMENTS;
    bool verbose = false;
    app.add_option("--index", index, "Index folder")->capture_default_str();
    app.add_option("--judgments", judgments, "Judgments file")->capture_default_str();
    app.add_flag("--verbose,-v", verbose, "One line per query");
    CLI11_PARSE(app, argc, argv);
    try {
        plan::PlanSearcher searcher(index, plan::default_analyzer());
        auto ev = plan::relevance::evaluate(searcher, plan::relevance::load_judgments(judgments));
        if (verbose)
            for (const auto& s : ev.queries)
                std::printf("%-28s %-10s nDCG@10 %.3f  recall@20 %.3f  results %2zu%s\n", s.query.c_str(),
                            s.kind.c_str(), s.ndcg10, s.recall20, s.returned, s.relaxed ? "  (relaxed)" : "");
        std::printf("%-12s %8s %10s\n", "kind", "nDCG@10", "recall@20");
        for (const auto& [kind, v] : ev.per_kind) std::printf("%-12s %8.3f %10.3f\n", kind.c_str(), v.first, v.second);
        std::printf("%-12s %8.3f %10.3f   (%zu queries, %zu with no result)\n", "ALL", ev.ndcg10, ev.recall20,
                    ev.queries.size(), ev.empty_results);
    } catch (const std::exception& e) {
        std::cerr << "plan-relevance: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
