#include "related.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "index_schema.h"
#include "input_error.h"
#include "text_normalizer.h"

namespace plan {

namespace {

using Q = Xapian::Query;

// How many of the source's terms form the similarity query.
constexpr size_t kMaxQueryTerms = 14;
// Terms in more than this share of the collection say little about a project (事業, 推進, …).
constexpr double kMaxDocShare = 0.12;

struct WeightedTerm {
    std::string term;
    double weight = 0;
};

ProjectRecord load(PlanSearcher& s, const std::string& id) {
    auto r = s.find(id);
    if (!r) throw InputError("ID", "no record with id '" + id + "'");
    return *r;
}

// The source's characteristic terms: words and compounds of its name (counted double) and
// summary (and details), weighted by tf·idf, common words dropped.
std::vector<WeightedTerm> characteristic_terms(PlanSearcher& s, const ProjectRecord& r) {
    const auto& analyzer = s.analyzer();
    Xapian::Database& db = s.database();
    const double n = std::max<double>(1, db.get_doccount());
    std::map<std::string, double> tf;
    auto add = [&](const std::string& text, double w) {
        if (text.empty()) return;
        Analysis a = analyzer.analyze(text);
        for (const auto& t : a.terms) {
            if (t.family != TermFamily::Word && t.family != TermFamily::Compound) continue;
            if (utf8_chars(t.text).size() < 2) continue;  // one character says nothing (外, 市, 課)
            tf[std::string(schema::prefix_of(t.family)) + t.text] += w;
        }
    };
    add(r.name, 2.0);
    add(r.summary, 1.0);
    for (const auto& d : r.details) add(d.text, 0.5);
    std::vector<WeightedTerm> out;
    for (const auto& [term, f] : tf) {
        const double df = db.get_termfreq(term);
        if (df <= 1 && term[0] != schema::kCompound[0]) continue;  // only the source has it
        if (df / n > kMaxDocShare) continue;
        const double idf = std::log((n + 1) / (df + 0.5));
        double w = (1 + std::log(f)) * idf;
        if (term[0] == schema::kCompound[0]) w *= 1.3;  // a shared compound is a strong link
        // On a 2^-20 grid: a candidate's score is a sum of these, and such values add exactly in
        // any order. Each shard sums in its own order, so without the grid a sharded index breaks
        // ties differently from one database (last-bit differences) and relates other projects.
        w = std::ldexp(std::round(std::ldexp(w, 20)), -20);
        out.push_back({term, w});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.weight > b.weight; });
    if (out.size() > kMaxQueryTerms) out.resize(kMaxQueryTerms);
    return out;
}

// Drop terms contained in another listed term: 個人番号カード says what 番号カード and 個人 say.
std::vector<std::string> maximal_terms(const std::vector<std::string>& terms) {
    std::vector<std::string> out;
    for (const auto& t : terms) {
        bool inside = false;
        for (const auto& u : terms)
            if (u != t && u.size() > t.size() && u.find(t) != std::string::npos) inside = true;
        if (!inside) out.push_back(t);
    }
    return out;
}

std::string display_term(const std::string& term) {
    // Strip the one-letter family prefix (W, K).
    return term.substr(1);
}

}  // namespace

RelatedResponse find_related(PlanSearcher& s, const std::string& id, const RelatedOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const SearchDeadline deadline(options.time_limit_ms);
    RelatedResponse resp;
    resp.source = load(s, id);
    Xapian::Database& db = s.database();
    auto terms = characteristic_terms(s, resp.source);
    std::vector<Q> parts;
    std::map<std::string, std::string> expansion;  // index term -> source term it stands for
    for (const auto& t : terms) {
        std::vector<Q> alts{Q(t.term)};
        expansion[t.term] = t.term;
        std::vector<std::string> syns;
        if (const SynonymMap* map = s.synonym_map()) {
            syns = map->terms(t.term);
        } else {
            syns.assign(db.synonyms_begin(t.term), db.synonyms_end(t.term));
        }
        for (const auto& syn : syns) {
            alts.emplace_back(syn);
            expansion[syn] = t.term;
        }
        Q q = alts.size() == 1 ? alts[0] : Q(Q::OP_SYNONYM, alts.begin(), alts.end());
        parts.push_back(Q(Q::OP_SCALE_WEIGHT, q, t.weight));
        resp.query_terms.push_back(display_term(t.term));
    }
    resp.query_terms = maximal_terms(resp.query_terms);
    if (parts.empty()) return resp;
    Q query(Q::OP_OR, parts.begin(), parts.end());
    // Not the project itself, nor its re-listed copies; other cities unless asked.
    Q exclude(schema::filter_term(schema::kId, resp.source.id));
    if (!options.same_city)
        exclude = Q(Q::OP_OR, exclude, Q(schema::filter_term(schema::kCity, resp.source.city)));
    query = Q(Q::OP_AND_NOT, query, exclude);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    // Score = the sum of the weights of the source's terms a candidate shares (binary tf, no idf,
    // no length norm: the idf is already in our weights), so a rare shared compound outweighs a
    // common word repeated in a long text.
    enquire.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));
    // Equal scores in source order, not docid order (which depends on the shard layout), so a
    // sharded index relates the same projects as one database.
    enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
    // One entry per project: the same name in one city (a re-listed copy, another period) once.
    enquire.set_collapse_key(schema::kSlotDuplicateKey);
    const std::string own_key = resp.source.city + schema::kLevelSeparator + s.analyzer().normalize(resp.source.name);
    // Every match checked: a short list is the head of a long one.
    Xapian::MSet mset =
        exact_mset(enquire, db, 0, static_cast<Xapian::doccount>(options.limit + 1), deadline);
    for (auto it = mset.begin(); it != mset.end() && resp.results.size() < options.limit; ++it) {
        Xapian::Document doc = it.get_document();
        if (doc.get_value(schema::kSlotDuplicateKey) == own_key) continue;
        RelatedHit h;
        h.record = schema::read_record(doc);
        h.score = it.get_weight();
        std::set<std::string> seen;
        for (const auto& t : terms) {
            // The source term, or a synonym of it, is in this document.
            bool has = false;
            for (const auto& [index_term, source_term] : expansion) {
                if (source_term != t.term) continue;
                Xapian::TermIterator ti = doc.termlist_begin();
                ti.skip_to(index_term);
                if (ti != doc.termlist_end() && *ti == index_term) {
                    has = true;
                    break;
                }
            }
            if (has && seen.insert(display_term(t.term)).second) h.shared_terms.push_back(display_term(t.term));
        }
        h.shared_terms = maximal_terms(h.shared_terms);
        resp.results.push_back(std::move(h));
    }
    resp.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return resp;
}

SearchResponse compare_cities(PlanSearcher& s, const std::string& query, size_t per_city) {
    SearchRequest r;
    r.query = query;
    r.group_by = "city";
    r.per_group = per_city * 3;  // room to drop other periods' and re-listed copies of one project
    SearchResponse g = s.search(r);
    for (auto& grp : g.groups) {
        std::vector<SearchHit> kept;
        std::set<std::string> names;
        for (auto& h : grp.hits)
            if (kept.size() < per_city && names.insert(s.analyzer().normalize(h.record.name)).second)
                kept.push_back(std::move(h));
        grp.hits = std::move(kept);
    }
    g.results.clear();
    for (const auto& grp : g.groups) g.results.insert(g.results.end(), grp.hits.begin(), grp.hits.end());
    return g;
}

double text_similarity(const JapaneseAnalyzer& analyzer, const std::string& a, const std::string& b) {
    auto grams = [&](const std::string& text) {
        auto chars = utf8_chars(analyzer.normalize(text));
        std::multiset<std::string> g;
        for (size_t i = 0; i + 1 < chars.size(); ++i)
            if (chars[i] != " " && chars[i + 1] != " ") g.insert(chars[i] + chars[i + 1]);
        return g;
    };
    auto ga = grams(a), gb = grams(b);
    if (ga.empty() && gb.empty()) return a == b ? 1.0 : 0.0;
    if (ga.empty() || gb.empty()) return 0.0;
    std::vector<std::string> common;
    std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
    return 2.0 * common.size() / (ga.size() + gb.size());
}

namespace {

std::vector<std::string> phrases(const std::string& text) {
    std::vector<std::string> out;
    std::string cur;
    for (const auto& c : utf8_chars(text)) {
        if (c == "、" || c == "。" || c == "\n") {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

}  // namespace

PlanHistory plan_history(PlanSearcher& s, const std::string& id) {
    PlanHistory h;
    h.source = load(s, id);
    const auto& analyzer = s.analyzer();
    Xapian::Database& db = s.database();
    // Candidates: the city's records in other documents that share words with the name or summary.
    std::vector<Q> words;
    for (const std::string* text : {&h.source.name, &h.source.summary}) {
        Analysis a = analyzer.analyze(*text);
        for (const auto& t : a.terms)
            if (t.family == TermFamily::Word || t.family == TermFamily::Compound)
                words.emplace_back(std::string(schema::prefix_of(t.family)) + t.text);
    }
    h.entries.push_back({h.source, "self", 1.0, 1.0, {}, {}});
    if (!words.empty()) {
        Q q(Q::OP_OR, words.begin(), words.end());
        q = Q(Q::OP_FILTER, q, Q(schema::filter_term(schema::kCity, h.source.city)));
        q = Q(Q::OP_AND_NOT, q, Q(schema::filter_term(schema::kDocument, h.source.document.id)));
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        // Layout-independent ties and every match checked, as in find_related.
        enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
        Xapian::MSet mset = exact_mset(enquire, db, 0, 30, SearchDeadline(std::nullopt));
        std::map<std::string, PeriodEntry> best_per_document;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ProjectRecord r = schema::read_record(it.get_document());
            PeriodEntry e;
            e.name_similarity = text_similarity(analyzer, h.source.name, r.name);
            e.summary_similarity = text_similarity(analyzer, h.source.summary, r.summary);
            if (analyzer.normalize(r.name) == analyzer.normalize(h.source.name))
                e.relation = "same name";
            else if (e.name_similarity >= 0.7)
                e.relation = "similar name";
            else if (e.summary_similarity >= 0.75 && !h.source.summary.empty())
                e.relation = "renamed";
            else
                continue;
            // Within a document prefer the same name, then a main entry over re-listed copies, then
            // the closest text.
            auto& slot = best_per_document[r.document.id];
            auto rank = [](const PeriodEntry& x, const ProjectRecord& rec) {
                const double relation = x.relation == "same name" ? 4 : x.relation == "similar name" ? 2 : 0;
                return relation + (rec.is_relisted() ? 0 : 1) + x.name_similarity + x.summary_similarity;
            };
            const double score = rank(e, r);
            const double have = slot.record.id.empty() ? -1 : rank(slot, slot.record);
            if (score <= have) continue;
            auto old_phrases = phrases(h.source.summary), new_phrases = phrases(r.summary);
            for (const auto& p : new_phrases)
                if (std::find(old_phrases.begin(), old_phrases.end(), p) == old_phrases.end()) e.summary_added.push_back(p);
            for (const auto& p : old_phrases)
                if (std::find(new_phrases.begin(), new_phrases.end(), p) == new_phrases.end()) e.summary_removed.push_back(p);
            e.record = std::move(r);
            slot = std::move(e);
        }
        for (auto& [doc, e] : best_per_document) h.entries.push_back(std::move(e));
    }
    std::stable_sort(h.entries.begin(), h.entries.end(), [](const PeriodEntry& a, const PeriodEntry& b) {
        return a.record.document.year < b.record.document.year;
    });
    return h;
}

}  // namespace plan
