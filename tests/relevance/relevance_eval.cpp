#include "relevance_eval.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "input_error.h"

namespace plan::relevance {

std::vector<JudgedQuery> load_judgments(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw InputError(path, "cannot open judgments");
    std::vector<JudgedQuery> out;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, '\t')) f.push_back(cell);
        if (f.size() != 5) throw InputError(at_line(path, n), "expected 5 tab-separated fields");
        if (out.empty() || out.back().query != f[0]) out.push_back({f[0], f[1], {}});
        out.back().judgments.push_back({std::stoi(f[2]), f[3], f[4], n});
    }
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

}  // namespace plan::relevance
