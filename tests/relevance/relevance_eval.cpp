#include "relevance_eval.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "input_error.h"
#include "search/related.h"

namespace plan::relevance {

namespace {

// Calls row(fields, "file:line") for each non-comment line of a tab-separated judgments file
// with exactly `fields` fields; InputError naming file:line otherwise.
template <typename Row>
void read_tsv(const std::string& path, size_t fields, Row row) {
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open judgments");
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, '\t')) f.push_back(cell);
        if (f.size() != fields)
            throw InputError(at_line(path, n),
                             "expected " + std::to_string(fields) + " tab-separated fields");
        row(f, at_line(path, n));
    }
}

int parse_grade(const std::string& text, const std::string& where) {
    if (text != "1" && text != "2")
        throw InputError(where, "grade must be 1 or 2, got '" + text + "'");
    return text[0] - '0';
}

}  // namespace

std::vector<JudgedQuery> load_judgments(const std::string& path) {
    std::vector<JudgedQuery> out;
    read_tsv(path, 5, [&](const std::vector<std::string>& f, const std::string& where) {
        if (out.empty() || out.back().query != f[0]) out.push_back({f[0], f[1], {}});
        const int line = std::stoi(where.substr(where.rfind(':') + 1));
        out.back().judgments.push_back({parse_grade(f[2], where), f[3], f[4], line});
    });
    return out;
}

namespace {
double dcg(const std::vector<int>& grades, size_t k) {
    double s = 0;
    for (size_t i = 0; i < grades.size() && i < k; ++i) s += (std::pow(2.0, grades[i]) - 1) / std::log2(i + 2.0);
    return s;
}
}  // namespace

Evaluation evaluate(PlanSearcher& searcher, const std::vector<JudgedQuery>& queries) {
    Evaluation ev;
    std::map<std::string, std::vector<const QueryScore*>> by_kind;
    for (const auto& q : queries) {
        SearchRequest req;
        req.query = q.query;
        req.limit = 20;
        req.facets = false;
        SearchResponse resp = searcher.search(req);
        std::vector<bool> used(q.judgments.size(), false);
        std::vector<int> gains;
        size_t found = 0;
        for (const auto& hit : resp.results) {
            int g = 0;
            for (size_t j = 0; j < q.judgments.size(); ++j) {
                const auto& jd = q.judgments[j];
                if (!used[j] && hit.record.document.id == jd.document &&
                    hit.record.name.find(jd.name_part) != std::string::npos) {
                    used[j] = true;
                    g = jd.grade;
                    ++found;
                    break;
                }
            }
            gains.push_back(g);
        }
        std::vector<int> ideal;
        for (const auto& jd : q.judgments) ideal.push_back(jd.grade);
        std::sort(ideal.rbegin(), ideal.rend());
        QueryScore s{q.query, q.kind, 0, 0, resp.results.size(), resp.relaxed};
        double idcg = dcg(ideal, 10);
        s.ndcg10 = idcg > 0 ? dcg(gains, 10) / idcg : 0;
        s.recall20 = q.judgments.empty() ? 0 : double(found) / q.judgments.size();
        if (resp.results.empty()) ++ev.empty_results;
        ev.queries.push_back(s);
    }
    for (const auto& s : ev.queries) by_kind[s.kind].push_back(&s);
    for (const auto& s : ev.queries) {
        ev.ndcg10 += s.ndcg10;
        ev.recall20 += s.recall20;
    }
    if (!ev.queries.empty()) {
        ev.ndcg10 /= ev.queries.size();
        ev.recall20 /= ev.queries.size();
    }
    for (const auto& [kind, list] : by_kind) {
        double n = 0, r = 0;
        for (const auto* s : list) {
            n += s->ndcg10;
            r += s->recall20;
        }
        ev.per_kind[kind] = {n / list.size(), r / list.size()};
    }
    return ev;
}

std::vector<RelatedSource> load_related_judgments(const std::string& path) {
    std::vector<RelatedSource> out;
    read_tsv(path, 5, [&](const std::vector<std::string>& f, const std::string& where) {
        if (out.empty() || out.back().id != f[0]) out.push_back({f[0], {}});
        out.back().targets.push_back({parse_grade(f[1], where), f[2], f[3]});
    });
    return out;
}

RelatedEvaluation evaluate_related(PlanSearcher& searcher,
                                   const std::vector<RelatedSource>& sources) {
    RelatedEvaluation ev;
    const auto& analyzer = searcher.analyzer();
    for (const auto& src : sources) {
        RelatedOptions options;
        options.limit = 10;
        const RelatedResponse resp = find_related(searcher, src.id, options);
        std::vector<bool> used(src.targets.size(), false);
        std::vector<int> gains;
        for (const auto& hit : resp.results) {
            int g = 0;
            const std::string name = analyzer.normalize(hit.record.name);
            for (size_t j = 0; j < src.targets.size(); ++j)
                if (!used[j] && hit.record.city == src.targets[j].city &&
                    name == analyzer.normalize(src.targets[j].name)) {
                    used[j] = true;
                    g = src.targets[j].grade;
                    break;
                }
            gains.push_back(g);
        }
        std::vector<int> ideal;
        for (const auto& t : src.targets) ideal.push_back(t.grade);
        std::sort(ideal.rbegin(), ideal.rend());
        RelatedScore s{src.id, 0, 0, resp.results.size()};
        for (size_t i = 0; i < gains.size() && i < 5; ++i)
            if (gains[i] > 0) s.success5 = 1;
        const double idcg = dcg(ideal, 10);
        s.ndcg10 = idcg > 0 ? dcg(gains, 10) / idcg : 0;
        if (resp.results.empty()) ++ev.empty_lists;
        ev.success5 += s.success5;
        ev.ndcg10 += s.ndcg10;
        ev.sources.push_back(s);
    }
    if (!ev.sources.empty()) {
        ev.success5 /= ev.sources.size();
        ev.ndcg10 /= ev.sources.size();
    }
    return ev;
}

std::vector<PeriodLink> load_history_judgments(const std::string& path) {
    static const std::set<std::string> relations = {"same name", "renamed", "merged", "split",
                                                    "none"};
    std::vector<PeriodLink> out;
    read_tsv(path, 4, [&](const std::vector<std::string>& f, const std::string& where) {
        if (!relations.count(f[2]))
            throw InputError(
                where,
                "relation must be same name, renamed, merged, split or none, got '" + f[2] + "'");
        if ((f[2] == "none") != (f[1] == "-"))
            throw InputError(where, "target id is '-' exactly when the relation is none");
        out.push_back({f[0], f[1], f[2], f[3]});
    });
    return out;
}

namespace {

// A link as the evaluation compares it: target document + normalized name, so that a re-listed
// copy of the judged continuation counts as that continuation.
std::string link_key(const JapaneseAnalyzer& analyzer, const ProjectRecord& target) {
    return target.document.id + "\t" + analyzer.normalize(target.name);
}

}  // namespace

HistoryEvaluation evaluate_history(PlanSearcher& searcher, const std::vector<PeriodLink>& links) {
    HistoryEvaluation ev;
    const auto& analyzer = searcher.analyzer();
    // Per source: its judged continuations (key -> relation); the documents judged into.
    std::map<std::string, std::map<std::string, std::string>> judged;
    std::set<std::string> documents;
    for (const auto& l : links) {
        auto& per_source = judged[l.source_id];
        if (l.relation == "none") continue;
        auto target = searcher.find(l.target_id);
        if (!target) throw InputError(l.target_id, "judged continuation is not in the index");
        documents.insert(target->document.id);
        per_source[link_key(analyzer, *target)] = l.relation;
    }
    for (const auto& [source, expected] : judged) {
        const PlanHistory h = plan_history(searcher, source);
        std::map<std::string, std::string> predicted;  // key -> predicted relation
        for (const auto& e : h.entries)
            if (e.relation != "self" && documents.count(e.record.document.id) &&
                e.record.document.id != h.source.document.id)
                predicted[link_key(analyzer, e.record)] = e.relation;
        for (const auto& [key, relation] : predicted) {
            ++ev.predicted;
            if (expected.count(key))
                ++ev.correct;
            else
                ev.wrong.push_back(source + " -> " + key.substr(key.find('\t') + 1) + " (" +
                                   relation + ")");
        }
        for (const auto& [key, relation] : expected) {
            ++ev.judged;
            auto& count = ev.by_relation[relation];
            ++count.judged;
            if (predicted.count(key)) {
                ++ev.found;
                ++count.found;
            } else {
                ev.missed.push_back(source + " -> " + key.substr(key.find('\t') + 1) + " (" +
                                    relation + ")");
            }
        }
    }
    ev.precision = ev.predicted ? double(ev.correct) / ev.predicted : 1.0;
    ev.recall = ev.judged ? double(ev.found) / ev.judged : 1.0;
    ev.f1 = ev.precision + ev.recall > 0 ? 2 * ev.precision * ev.recall / (ev.precision + ev.recall)
                                         : 0;
    return ev;
}

}  // namespace plan::relevance
