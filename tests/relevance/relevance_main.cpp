// plan-relevance: print nDCG@10 and recall@20 of the searcher on the judged query set; with
// --related, success@5 / nDCG@10 of related lists; with --history, plan-period link quality;
// with --related-latency, the time of a related list over every record.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "index_schema.h"
#include "relevance_eval.h"
#include "search/related.h"

namespace {

void print_queries(plan::PlanSearcher& searcher, const std::string& judgments, bool verbose) {
    auto ev = plan::relevance::evaluate(searcher, plan::relevance::load_judgments(judgments));
    if (verbose)
        for (const auto& s : ev.queries)
            std::printf("%-28s %-10s nDCG@10 %.3f  recall@20 %.3f  results %2zu%s\n",
                        s.query.c_str(), s.kind.c_str(), s.ndcg10, s.recall20, s.returned,
                        s.relaxed ? "  (relaxed)" : "");
    std::printf("%-12s %8s %10s\n", "kind", "nDCG@10", "recall@20");
    for (const auto& [kind, v] : ev.per_kind)
        std::printf("%-12s %8.3f %10.3f\n", kind.c_str(), v.first, v.second);
    std::printf("%-12s %8.3f %10.3f   (%zu queries, %zu with no result)\n", "ALL", ev.ndcg10,
                ev.recall20, ev.queries.size(), ev.empty_results);
}

void print_related(plan::PlanSearcher& searcher, const std::string& file, bool verbose) {
    auto ev =
        plan::relevance::evaluate_related(searcher, plan::relevance::load_related_judgments(file));
    if (verbose)
        for (const auto& s : ev.sources)
            std::printf("%-30s success@5 %.0f  nDCG@10 %.3f  results %2zu\n", s.id.c_str(),
                        s.success5, s.ndcg10, s.returned);
    std::printf("related: success@5 %.3f  nDCG@10 %.3f  empty lists %zu  (%zu sources)\n",
                ev.success5, ev.ndcg10, ev.empty_lists, ev.sources.size());
}

void print_history(plan::PlanSearcher& searcher, const std::string& file, bool verbose) {
    auto ev =
        plan::relevance::evaluate_history(searcher, plan::relevance::load_history_judgments(file));
    if (verbose) {
        for (const auto& w : ev.wrong) std::printf("wrong   %s\n", w.c_str());
        for (const auto& m : ev.missed) std::printf("missed  %s\n", m.c_str());
    }
    for (const auto& [relation, c] : ev.by_relation)
        std::printf("%-10s found %zu/%zu\n", relation.c_str(), c.found, c.judged);
    std::printf(
        "history: precision %.3f  recall %.3f  F1 %.3f  (%zu predicted, %zu correct, %zu judged "
        "links)\n",
        ev.precision, ev.recall, ev.f1, ev.predicted, ev.correct, ev.judged);
}

// Related lookups timed over every record of the index (each once, in index order): p50 / p99.
/// `sample`: that many sources spread evenly over the docids; 0: every record.
void print_related_latency(plan::PlanSearcher& searcher, size_t sample, bool verbose) {
    std::vector<std::string> ids;
    Xapian::Database& db = searcher.database();
    const Xapian::docid last = db.get_lastdocid();
    const Xapian::docid step = sample ? std::max<Xapian::docid>(1, last / sample) : 1;
    for (Xapian::docid did = 1; did <= last; did += step) {
        auto it = db.postlist_begin("");
        it.skip_to(did);
        if (it == db.postlist_end("")) break;
        ids.push_back(plan::schema::read_record(db.get_document(*it)).id);
    }
    std::vector<double> ms;
    std::vector<std::pair<double, std::string>> slowest;
    for (const auto& id : ids) {
        const auto start = std::chrono::steady_clock::now();
        plan::find_related(searcher, id, plan::RelatedOptions{});
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        slowest.emplace_back(ms.back(), id);
    }
    std::sort(ms.begin(), ms.end());
    std::sort(slowest.rbegin(), slowest.rend());
    if (verbose)
        for (size_t i = 0; i < std::min<size_t>(5, slowest.size()); ++i)
            std::printf("%10.2f ms  %s\n", slowest[i].first, slowest[i].second.c_str());
    auto at = [&](double q) {
        return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, size_t(q * ms.size()))];
    };
    std::printf("related latency over %zu sources: p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
                ms.size(), at(0.5), at(0.99), ms.empty() ? 0.0 : ms.back());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"plan-relevance: ranking quality on judged queries (tests/relevance/judgments.tsv)"};
    std::string index = "data/index", judgments = PLAN_JUDGMENTS, related, history;
    bool verbose = false, latency = false;
    app.add_option("--index", index, "Index folder")->capture_default_str();
    app.add_option("--judgments", judgments, "Judgments file")->capture_default_str();
    app.add_option("--related", related,
                   "Related-project judgments (tests/relevance/related_*.tsv) instead");
    app.add_option("--history", history,
                   "Plan-period link judgments (tests/relevance/history_*.tsv) instead");
    app.add_flag("--related-latency", latency,
                 "Time a related list (limit 10) for every record: p50 / p99");
    size_t sample = 0;
    app.add_option("--related-sample", sample,
                   "With --related-latency: time this many sources spread over the index "
                   "(0: every record)");
    app.add_flag("--verbose,-v", verbose, "One line per query or source");
    CLI11_PARSE(app, argc, argv);
    try {
        plan::PlanSearcher searcher(index, plan::default_analyzer());
        if (!related.empty()) print_related(searcher, related, verbose);
        if (!history.empty()) print_history(searcher, history, verbose);
        if (latency) print_related_latency(searcher, sample, verbose);
        if (related.empty() && history.empty() && !latency)
            print_queries(searcher, judgments, verbose);
    } catch (const std::exception& e) {
        std::cerr << "plan-relevance: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
