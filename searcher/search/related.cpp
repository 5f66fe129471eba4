#include "related.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "department_function.h"
#include "index_schema.h"
#include "input_error.h"
#include "query_builder.h"
#include "text_normalizer.h"

namespace plan {

namespace {

using Q = Xapian::Query;

// How many of the source's terms form the similarity query.
constexpr size_t kMaxQueryTerms = 14;
// How many character bigrams of the source's name and summary look for similar names.
constexpr size_t kMaxQueryBigrams = 24;
// Candidates scored by every channel, and the longest list: a fixed number, so that any list is
// the head of a longer one. When chosen (one candidate channel, counts on texts), 50 scored as
// well as 100 on the tuning set (success@5 0.844 / 0.822) in half the time.
constexpr size_t kPoolSize = 50;
// Places in the pool kept for the heading channel's own candidates. A project whose text shares
// nothing telling with the source's (a marathon and a sports-event grant, a park-and-ride and a
// bus service) may still sit under the same kind of heading (スポーツ, 公共交通); when the
// content alone fills the pool such projects never reach the ranking. 10 of 50: success@5 on
// the tuning set 0.844 -> 0.867 (5: 0.844; 15 and 20: 0.867), see README "Related projects".
constexpr size_t kHeadingSlots = 10;

// The weight of each channel in the fused score (a weighted sum of similarities in 0..1), fixed
// on tests/relevance/related_tuning.tsv (see README "Related projects").
struct ChannelWeights {
    double terms, name, text, heading, department;
};
// The name+summary n-grams carry most (alone: success@5 0.80 on the tuning set, the terms alone
// 0.64); terms, names and headings reorder among them; the department function breaks ties.
constexpr ChannelWeights kWeights{0.5, 0.5, 2.0, 0.6, 0.1};
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
        w = std::ldexp(std::round(std::ldexp(w, 20)), -20);  // see on_grid()
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

// Onto the 2^-20 grid: sums of such values are exact in any order, so a sharded index scores
// (and breaks ties) exactly like one database.
double on_grid(double x) { return std::ldexp(std::round(std::ldexp(x, 20)), -20); }

// ---- the channels ----

// Character bigrams of the normalized text, with counts (spaces and line breaks cut): sorted
// (first code point << 32 | second) keys, so that two texts compare by one merge.
using Grams = std::vector<std::pair<uint64_t, int>>;

std::u32string code_points(const std::string& utf8) {
    std::u32string out;
    for (size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
        for (size_t k = 1; k < len && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (utf8[i + k] & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

std::string utf8_of(std::u32string_view cps) {
    std::string out;
    for (char32_t c : cps) {
        if (c < 0x80) {
            out += char(c);
        } else if (c < 0x800) {
            out += char(0xC0 | (c >> 6));
            out += char(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += char(0xE0 | (c >> 12));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        } else {
            out += char(0xF0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3F));
            out += char(0x80 | ((c >> 6) & 0x3F));
            out += char(0x80 | (c & 0x3F));
        }
    }
    return out;
}

bool is_space(char32_t c) {
    return c == U' ' || c == U'\n' || c == U'\t' || c == U'\r' || c == U'\u3000';
}

bool is_punctuation(char32_t c) {
    static const std::u32string marks =
        U"、。，．,.・「」『』（）()［］【】〔〕[]：:；;！!？?〜～/／“”\"'";
    return marks.find(c) != std::u32string::npos;
}

uint64_t bigram_key(char32_t a, char32_t b) { return (uint64_t(a) << 32) | b; }

Grams char_bigrams(const std::u32string& cps) {
    std::vector<uint64_t> keys;
    for (size_t i = 0; i + 1 < cps.size(); ++i)
        if (!is_space(cps[i]) && !is_space(cps[i + 1]))
            keys.push_back(bigram_key(cps[i], cps[i + 1]));
    std::sort(keys.begin(), keys.end());
    Grams g;
    for (uint64_t k : keys) {
        if (!g.empty() && g.back().first == k)
            ++g.back().second;
        else
            g.push_back({k, 1});
    }
    return g;
}

Grams char_bigrams(const JapaneseAnalyzer& analyzer, const std::string& text) {
    return char_bigrams(code_points(analyzer.normalize(text)));
}

double cosine(const Grams& a, const Grams& b) {
    double dot = 0, na = 0, nb = 0;
    for (const auto& [k, v] : a) na += double(v) * v;
    for (const auto& [k, v] : b) nb += double(v) * v;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i].first < b[j].first)
            ++i;
        else if (b[j].first < a[i].first)
            ++j;
        else
            dot += double(a[i++].second) * b[j++].second;
    }
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
}

// Inverse document frequencies of character bigrams, from the index's bigram terms: the
// bigrams of センター, 事業 or 運営 are in thousands of records and say little; those of 納税 or
// 収納 say much. A bigram the index holds no term for (it spans punctuation) weighs nothing.
// Read in one pass over the index's bigram terms, once per thread and index revision (80,659
// terms on the 200,000-record benchmark index): a get_termfreq per bigram of a related list's
// texts (thousands) is a round trip to every server over remote shards, seconds per list.
struct BigramIdf {
    std::string revision;
    std::unordered_map<uint64_t, double> idf;
};

const BigramIdf& bigram_idf(PlanSearcher& s) {
    thread_local BigramIdf table;
    const std::string revision = s.index_path() + '\x1f' + s.revision();
    if (revision == table.revision) return table;
    table.idf.clear();
    table.revision = revision;
    Xapian::Database& db = s.database();
    const double n = std::max<double>(1, db.get_doccount());
    const std::string prefix(schema::kBigram);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::u32string cps = code_points((*t).substr(prefix.size()));
        if (cps.size() == 2)
            table.idf[bigram_key(cps[0], cps[1])] = std::log((n + 1) / (t.get_termfreq() + 0.5));
    }
    return table;
}

double idf_of(const BigramIdf& table, uint64_t key) {
    auto it = table.idf.find(key);
    return it == table.idf.end() ? 0.0 : it->second;
}

// Cosine of two bigram count vectors, each bigram weighted by its idf (tf·idf).
double idf_cosine(const BigramIdf& table, const Grams& a, const Grams& b) {
    double dot = 0, na = 0, nb = 0;
    for (const auto& [k, v] : a) na += std::pow(v * idf_of(table, k), 2);
    for (const auto& [k, v] : b) nb += std::pow(v * idf_of(table, k), 2);
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i].first < b[j].first) {
            ++i;
        } else if (b[j].first < a[i].first) {
            ++j;
        } else {
            const double w = idf_of(table, a[i].first);
            dot += a[i++].second * w * b[j++].second * w;
        }
    }
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0;
}

// The share of `part`'s bigrams (each weighed by its idf) that `whole` holds as often: how much
// of a name lives on in another text, its rare characters counting more than 事業 or 地域.
double idf_containment(const BigramIdf& table, const Grams& part, const Grams& whole) {
    double shared = 0, total = 0;
    for (const auto& [k, v] : part) {
        const double w = idf_of(table, k);
        total += v * w;
        auto it = std::lower_bound(whole.begin(), whole.end(), std::pair<uint64_t, int>{k, 0});
        if (it != whole.end() && it->first == k) shared += std::min(v, it->second) * w;
    }
    return total > 0 ? shared / total : 0;
}

bool has_bigram(const Grams& g, uint64_t key) {
    auto it = std::lower_bound(g.begin(), g.end(), std::pair<uint64_t, int>{key, 0});
    return it != g.end() && it->first == key;
}

// The runs of `text` (normalized) made of bigrams that `other` has, longest first: what two
// names or texts share, readable ("番号カード" rather than 番号, 号カ, カー, ード).
std::vector<std::string> shared_runs(const JapaneseAnalyzer& analyzer, const std::string& text,
                                     const Grams& other, size_t min_chars, size_t max_runs) {
    const std::u32string cps = code_points(analyzer.normalize(text));
    auto shared = [&](size_t i) {
        return !is_space(cps[i]) && !is_space(cps[i + 1]) &&
               has_bigram(other, bigram_key(cps[i], cps[i + 1]));
    };
    std::vector<std::u32string> runs;
    size_t i = 0;
    while (i + 1 < cps.size()) {
        if (!shared(i)) {
            ++i;
            continue;
        }
        size_t j = i + 1;
        while (j + 1 < cps.size() && shared(j)) ++j;
        // Cut at punctuation; a piece of only hiragana (とともに) is grammar, not content.
        std::u32string piece;
        auto keep = [&] {
            const bool grammar = std::all_of(piece.begin(), piece.end(),
                                             [](char32_t c) { return c >= U'ぁ' && c <= U'ゖ'; });
            if (piece.size() >= min_chars && !grammar &&
                std::find(runs.begin(), runs.end(), piece) == runs.end())
                runs.push_back(piece);
            piece.clear();
        };
        for (size_t k = i; k <= j; ++k) {
            if (is_punctuation(cps[k]))
                keep();
            else
                piece += cps[k];
        }
        keep();
        i = j + 1;
    }
    std::stable_sort(runs.begin(), runs.end(),
                     [](const auto& x, const auto& y) { return x.size() > y.size(); });
    if (runs.size() > max_runs) runs.resize(max_runs);
    std::vector<std::string> out;
    for (const auto& r : runs) out.push_back(utf8_of(r));
    return out;
}

// Words and compounds of a record's goal / policy / measure headings, each with its idf; layout
// words (基本施策, 施策) and words in more than kMaxDocShare of the records dropped.
std::map<std::string, double> heading_terms(PlanSearcher& s, const ProjectRecord& r) {
    Xapian::Database& db = s.database();
    const double n = std::max<double>(1, db.get_doccount());
    std::map<std::string, double> out;
    for (const std::string* level :
         {&r.goal.goal, &r.goal.policy, &r.goal.measure, &r.goal.pillar}) {
        if (level->empty()) continue;
        for (const auto& t : s.analyzer().analyze(*level).terms) {
            if (t.family != TermFamily::Word && t.family != TermFamily::Compound) continue;
            if (utf8_chars(t.text).size() < 2) continue;
            const std::string term = std::string(schema::prefix_of(t.family)) + t.text;
            const double df = db.get_termfreq(term);
            if (df == 0 || df / n > kMaxDocShare) continue;
            out[term] = std::log((n + 1) / (df + 0.5));
        }
    }
    return out;
}

std::set<std::string> functions_of(const ProjectRecord& r) {
    std::set<std::string> out;
    for (const auto& d : r.departments)
        if (auto f = department_function(d); !f.empty()) out.insert(f);
    return out;
}

// What the source offers each channel, computed once per lookup.
struct SourceProfile {
    std::vector<WeightedTerm> terms;               // words and compounds (+ synonyms at match time)
    std::map<std::string, std::string> expansion;  // index term -> the source term it stands for
    double terms_total = 0;
    Grams name_grams, text_grams;
    std::map<std::string, double> headings;
    std::set<std::string> functions;
};

std::string record_text(const ProjectRecord& r) {
    std::string text = r.name + "\n" + r.summary;
    for (const auto& d : r.details) text += "\n" + d.text;
    return text;
}

SourceProfile profile_of(PlanSearcher& s, const ProjectRecord& r) {
    SourceProfile p;
    p.terms = characteristic_terms(s, r);
    for (const auto& t : p.terms) {
        p.terms_total += t.weight;
        p.expansion[t.term] = t.term;
        std::vector<std::string> syns;
        if (const SynonymMap* map = s.synonym_map()) {
            syns = map->terms(t.term);
        } else {
            syns.assign(s.database().synonyms_begin(t.term), s.database().synonyms_end(t.term));
        }
        for (const auto& syn : syns) p.expansion.emplace(syn, t.term);
    }
    p.name_grams = char_bigrams(s.analyzer(), r.name);
    p.text_grams = char_bigrams(s.analyzer(), record_text(r));
    p.headings = heading_terms(s, r);
    p.functions = functions_of(r);
    return p;
}

// Candidates: the source's terms (with their synonyms) and the character bigrams of its name
// and summary against the indexed names' bigrams, each scaled by its idf, on the grid.
// The terms channel as a query: under TfIdfWeight("bnn") a document scores the summed weights of
// the source terms it holds (each by itself or a synonym).
std::vector<Q> terms_queries(const SourceProfile& p) {
    std::vector<Q> parts;
    for (const auto& t : p.terms) {
        std::vector<Q> alts;
        for (const auto& [index_term, source_term] : p.expansion)
            if (source_term == t.term) alts.emplace_back(index_term);
        Q q = alts.size() == 1 ? alts[0] : Q(Q::OP_SYNONYM, alts.begin(), alts.end());
        parts.push_back(Q(Q::OP_SCALE_WEIGHT, q, t.weight));
    }
    return parts;
}

Q candidate_query(PlanSearcher& s, const ProjectRecord& r, const SourceProfile& p) {
    std::vector<Q> parts = terms_queries(p);
    Xapian::Database& db = s.database();
    const double n = std::max<double>(1, db.get_doccount());
    std::map<std::string, double> grams;  // B-term -> weight (name bigrams count double)
    for (const auto& [text, w] : {std::pair{&r.name, 2.0}, std::pair{&r.summary, 1.0}})
        for (const auto& t : s.analyzer().analyze(*text).terms)
            if (t.family == TermFamily::Bigram)
                grams[std::string(schema::kBigram) + t.text] =
                    std::max(grams[std::string(schema::kBigram) + t.text], w);
    std::vector<WeightedTerm> weighted;
    for (const auto& [term, w] : grams) {
        const double df = db.get_termfreq(term);
        if (df == 0 || df / n > kMaxDocShare) continue;
        weighted.push_back({term, on_grid(0.5 * w * std::log((n + 1) / (df + 0.5)))});
    }
    std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    });
    if (weighted.size() > kMaxQueryBigrams) weighted.resize(kMaxQueryBigrams);
    for (const auto& t : weighted) parts.push_back(Q(Q::OP_SCALE_WEIGHT, Q(t.term), t.weight));
    return parts.empty() ? Q() : Q(Q::OP_OR, parts.begin(), parts.end());
}

struct Candidate {
    Xapian::Document doc;
    Xapian::docid docid = 0;
    ProjectRecord record;
    std::string order;  // source order (sortable), for ties
    RelatedHit hit;
    // What each channel saw, kept to explain the shown results.
    std::vector<std::string> shared_headings, shared_functions;
    double terms = 0, name = 0, text = 0, heading = 0;
};

// docid: the MSet's (Document::get_docid() is the shard's own id in a sharded index).
Candidate candidate_of(const Xapian::Document& doc, Xapian::docid docid) {
    Candidate c;
    c.doc = doc;
    c.docid = docid;
    c.record = schema::read_record(doc);
    c.order = doc.get_value(schema::kSlotOrder);
    return c;
}

// The terms channel: the source terms this document holds (itself or a synonym), in the order of
// the source's terms. One pass over the document's term list.
std::vector<const WeightedTerm*> shared_source_terms(const SourceProfile& p,
                                                     const Xapian::Document& doc) {
    std::set<std::string> held;  // source terms held
    Xapian::TermIterator ti = doc.termlist_begin();
    for (const auto& [index_term, source_term] : p.expansion) {  // ascending, like the term list
        ti.skip_to(index_term);
        if (ti == doc.termlist_end()) break;
        if (*ti == index_term) held.insert(source_term);
    }
    std::vector<const WeightedTerm*> out;
    for (const auto& t : p.terms)
        if (held.count(t.term)) out.push_back(&t);
    return out;
}

// A record's heading terms, analyzed once per distinct heading path and index revision in a
// thread (records share their headings; MeCab on each candidate's headings would dominate).
struct HeadingCache {
    std::string revision;
    std::map<std::string, std::map<std::string, double>> terms;
};

// This thread's cache, emptied when another index or revision is open.
HeadingCache& heading_cache(PlanSearcher& s) {
    thread_local HeadingCache cache;
    if (const std::string revision = s.index_path() + '\x1f' + s.revision();
        revision != cache.revision) {
        cache.terms.clear();
        cache.revision = revision;
    }
    if (cache.terms.size() > 100000) cache.terms.clear();  // bounded, whatever the collection
    return cache;
}

const std::map<std::string, double>& cached_heading_terms(PlanSearcher& s, const ProjectRecord& r,
                                                          HeadingCache& cache) {
    const std::string key =
        r.goal.goal + '\x1f' + r.goal.policy + '\x1f' + r.goal.measure + '\x1f' + r.goal.pillar;
    auto it = cache.terms.find(key);
    if (it == cache.terms.end()) it = cache.terms.emplace(key, heading_terms(s, r)).first;
    return it->second;
}

// The similarities of one candidate per channel (0..1) and its fused score: their weighted sum.
void score_candidate(PlanSearcher& s, const SourceProfile& p, HeadingCache& headings,
                     const BigramIdf& idf, double terms_weight, Candidate& c) {
    const auto& analyzer = s.analyzer();
    c.terms = p.terms_total > 0 ? terms_weight / p.terms_total : 0;
    // Texts by tf·idf: a long text shares the bigrams of センター, 事業 and 運営 with almost any
    // other, and by counts alone those made 納税お知らせセンター a neighbour of every センター.
    // Names by counts: two names are short, and idf there favoured the rare word over the
    // shared kind of project (tuning success@5 0.933 with idf on texts, 0.911 on both).
    c.name = cosine(p.name_grams, char_bigrams(analyzer, c.record.name));
    c.text = idf_cosine(idf, p.text_grams, char_bigrams(analyzer, record_text(c.record)));
    if (!p.headings.empty()) {
        double both = 0, mine = 0, other = 0;
        for (const auto& [t, w] : p.headings) mine += w;
        for (const auto& [t, w] : cached_heading_terms(s, c.record, headings)) {
            other += w;
            if (p.headings.count(t)) {
                both += w;
                c.shared_headings.push_back(display_term(t));
            }
        }
        c.heading = both > 0 ? both / std::sqrt(mine * other) : 0;
    }
    for (const auto& f : functions_of(c.record))
        if (p.functions.count(f)) c.shared_functions.push_back(f);
    c.hit.score = on_grid(kWeights.terms * c.terms) + on_grid(kWeights.name * c.name) +
                  on_grid(kWeights.text * c.text) + on_grid(kWeights.heading * c.heading) +
                  on_grid(kWeights.department * !c.shared_functions.empty());
}

void add_reason(RelatedHit& h, const char* channel, double weight, double similarity,
                std::vector<std::string> terms) {
    const double score = on_grid(weight * similarity);
    if (score > 0) h.reasons.push_back({channel, score, std::move(terms)});
}

// A shown result's reasons: each channel's part of the score and what it shared, strongest first.
void explain(const JapaneseAnalyzer& analyzer, const SourceProfile& p, Candidate& c) {
    RelatedHit& h = c.hit;
    std::vector<std::string> shared;
    for (const WeightedTerm* t : shared_source_terms(p, c.doc))
        if (std::find(shared.begin(), shared.end(), display_term(t->term)) == shared.end())
            shared.push_back(display_term(t->term));
    h.shared_terms = maximal_terms(shared);
    add_reason(h, "terms", kWeights.terms, c.terms, h.shared_terms);
    add_reason(h, "name", kWeights.name, c.name,
               shared_runs(analyzer, c.record.name, p.name_grams, 2, 4));
    if (c.text > 0) {
        auto runs = shared_runs(analyzer, record_text(c.record), p.text_grams, 3, 5);
        if (runs.empty()) runs = shared_runs(analyzer, record_text(c.record), p.text_grams, 2, 5);
        add_reason(h, "text", kWeights.text, c.text, std::move(runs));
    }
    add_reason(h, "heading", kWeights.heading, c.heading, maximal_terms(c.shared_headings));
    add_reason(h, "department", kWeights.department, c.shared_functions.empty() ? 0 : 1,
               c.shared_functions);
    std::stable_sort(h.reasons.begin(), h.reasons.end(),
                     [](const auto& x, const auto& y) { return x.score > y.score; });
}

// The terms channel for the whole pool in one query: docid -> summed weights of the source terms
// it holds (reading each candidate's term list instead costs more than the rest together).
std::map<Xapian::docid, double> terms_weights(Xapian::Database& db, const SourceProfile& p,
                                              const std::vector<Candidate>& pool,
                                              const SearchDeadline& deadline) {
    std::map<Xapian::docid, double> out;
    const std::vector<Q> parts = terms_queries(p);
    if (parts.empty() || pool.empty()) return out;
    std::vector<Q> ids;
    for (const auto& c : pool) ids.emplace_back(schema::filter_term(schema::kId, c.record.id));
    Xapian::Enquire enquire(db);
    enquire.set_query(Q(Q::OP_FILTER, Q(Q::OP_OR, parts.begin(), parts.end()),
                        Q(Q::OP_OR, ids.begin(), ids.end())));
    enquire.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));
    Xapian::MSet mset =
        ranked_mset(enquire, db, 0, static_cast<Xapian::doccount>(2 * pool.size()), deadline);
    for (auto it = mset.begin(); it != mset.end(); ++it) out[*it] = it.get_weight();
    return out;
}

// The projects of `mset` in its order until the pool holds `up_to`: one per duplicate key (the
// same name in one city: a re-listed copy, another period), none already in it.
void take_candidates(const Xapian::MSet& mset, std::vector<Candidate>& pool,
                     std::set<std::string>& keys, size_t up_to = kPoolSize) {
    for (auto it = mset.begin(); it != mset.end() && pool.size() < up_to; ++it) {
        Xapian::Document doc = it.get_document();
        if (!keys.insert(doc.get_value(schema::kSlotDuplicateKey)).second) continue;
        pool.push_back(candidate_of(doc, *it));
    }
}

// The pool's next candidates by `query` (none when empty) until it holds `up_to`, best first:
// score = the summed weights of the query's terms a candidate holds (binary tf, no length norm:
// the idf is already in the weights).
void add_candidates(Xapian::Database& db, const Q& query, const Q& exclude,
                    const SearchDeadline& deadline, std::vector<Candidate>& pool,
                    std::set<std::string>& keys, size_t up_to = kPoolSize) {
    if (query.empty() || pool.size() >= up_to) return;
    Xapian::Enquire enquire(db);
    enquire.set_query(Q(Q::OP_AND_NOT, query, exclude));
    enquire.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));
    // Equal scores in source order, not docid order (which depends on the shard layout).
    enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
    enquire.set_collapse_key(schema::kSlotDuplicateKey);  // one entry per project
    // The exact head of the candidates (pruned only where Xapian prunes without loss). Of the
    // up_to best, at most pool.size() are already in the pool (one entry per duplicate key on
    // either side), which leaves the up_to - pool.size() still wanted.
    const auto wanted = static_cast<Xapian::doccount>(up_to);
    take_candidates(ranked_mset(enquire, db, 0, wanted, deadline), pool, keys, up_to);
}

// The heading channel as a query: the source's heading terms, each weighted by its idf.
Q heading_query(const SourceProfile& p) {
    std::vector<Q> parts;
    for (const auto& [term, idf] : p.headings)
        parts.push_back(Q(Q::OP_SCALE_WEIGHT, Q(term), on_grid(idf)));
    return parts.empty() ? Q() : Q(Q::OP_OR, parts.begin(), parts.end());
}

// The last resort, when the channels and the headings find fewer than kPoolSize: other cities'
// projects, city by city in the order of their names and each city's in source order, so a
// list never comes back empty while other cities hold projects. City by city, because one
// source-ordered pass over every record sorted and collapsed the whole collection (14 s at 1.7M).
void fill_pool(Xapian::Database& db, const Q& exclude, const SearchDeadline& deadline,
               std::vector<Candidate>& pool, std::set<std::string>& keys) {
    const std::string cities(schema::kCity);
    for (auto city = db.allterms_begin(cities);
         city != db.allterms_end(cities) && pool.size() < kPoolSize; ++city) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Q(Q::OP_AND_NOT, Q(*city), exclude));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_sort_by_value(schema::kSlotOrder, false);
        enquire.set_collapse_key(schema::kSlotDuplicateKey);
        take_candidates(
            exact_mset(enquire, db, 0, static_cast<Xapian::doccount>(2 * kPoolSize), deadline),
            pool, keys);
    }
}

}  // namespace

RelatedResponse find_related(PlanSearcher& s, const std::string& id,
                             const RelatedOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const SearchDeadline deadline(options.time_limit_ms);
    RelatedResponse resp;
    resp.source = load(s, id);
    Xapian::Database& db = s.database();
    const SourceProfile profile = profile_of(s, resp.source);
    for (const auto& t : profile.terms) resp.query_terms.push_back(display_term(t.term));
    resp.query_terms = maximal_terms(resp.query_terms);
    // Not the project itself, nor its re-listed copies; other cities unless asked.
    Q exclude(schema::filter_term(schema::kId, resp.source.id));
    if (!options.same_city)
        exclude = Q(Q::OP_OR, exclude, Q(schema::filter_term(schema::kCity, resp.source.city)));
    const std::string own_key = resp.source.city + schema::kLevelSeparator + s.analyzer().normalize(resp.source.name);
    std::set<std::string> keys{own_key};
    std::vector<Candidate> pool;
    // A pool of fixed size, whatever the limit: a short list is the head of a long one (and no
    // list is longer than the pool).
    // Candidates from each channel that can name them, then one ranking by all channels: the
    // content (terms and character bigrams) first, the headings' best next, the content's
    // next best for what the headings left, and any other city's project last.
    const Q by_content = candidate_query(s, resp.source, profile);
    add_candidates(db, by_content, exclude, deadline, pool, keys, kPoolSize - kHeadingSlots);
    add_candidates(db, heading_query(profile), exclude, deadline, pool, keys);
    add_candidates(db, by_content, exclude, deadline, pool, keys);
    fill_pool(db, exclude, deadline, pool, keys);
    const auto terms_weight = terms_weights(db, profile, pool, deadline);
    HeadingCache& headings = heading_cache(s);
    const BigramIdf& idf = bigram_idf(s);
    for (auto& c : pool) {
        auto it = terms_weight.find(c.docid);
        score_candidate(s, profile, headings, idf, it == terms_weight.end() ? 0.0 : it->second, c);
    }
    std::stable_sort(pool.begin(), pool.end(), [](const Candidate& a, const Candidate& b) {
        return a.hit.score != b.hit.score ? a.hit.score > b.hit.score : a.order < b.order;
    });
    for (auto& c : pool) {
        if (resp.results.size() == options.limit) break;
        explain(s.analyzer(), profile, c);
        c.hit.record = std::move(c.record);
        resp.results.push_back(std::move(c.hit));
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

namespace {

// The character bigrams of a normalized text, with repeats (none across a space).
std::multiset<std::string> bigram_multiset(const JapaneseAnalyzer& analyzer,
                                           const std::string& text) {
    auto chars = utf8_chars(analyzer.normalize(text));
    std::multiset<std::string> g;
    for (size_t i = 0; i + 1 < chars.size(); ++i)
        if (chars[i] != " " && chars[i + 1] != " ") g.insert(chars[i] + chars[i + 1]);
    return g;
}

// A text shorter than this (in bigrams) is not judged contained in another: a few words are
// found in many summaries.
constexpr size_t kMinContainedBigrams = 12;

}  // namespace

double text_similarity(const JapaneseAnalyzer& analyzer, const std::string& a, const std::string& b) {
    auto ga = bigram_multiset(analyzer, a), gb = bigram_multiset(analyzer, b);
    if (ga.empty() && gb.empty()) return a == b ? 1.0 : 0.0;
    if (ga.empty() || gb.empty()) return 0.0;
    std::vector<std::string> common;
    std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
    return 2.0 * common.size() / (ga.size() + gb.size());
}

double text_containment(const JapaneseAnalyzer& analyzer, const std::string& part,
                        const std::string& whole) {
    auto gp = bigram_multiset(analyzer, part), gw = bigram_multiset(analyzer, whole);
    if (gp.size() < kMinContainedBigrams) return 0.0;
    std::vector<std::string> common;
    std::set_intersection(gp.begin(), gp.end(), gw.begin(), gw.end(), std::back_inserter(common));
    return double(common.size()) / gp.size();
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

namespace {

// A heading without its numbering ("基本施策 2 ", "(1) ", "①"): the numbers change between plans.
std::string heading_text(const ProjectRecord& r) {
    const std::string& level = r.goal.measure.empty() ? r.goal.policy : r.goal.measure;
    static const std::set<std::string> numbering = {"基", "本", "施", "策", "目", "標", "第",
                                                    "(",  ")",  "（", "）", " ",  "　"};
    auto chars = utf8_chars(level);
    size_t i = 0;
    auto is_numbering = [&](const std::string& c) {
        return numbering.count(c) ||
               (c.size() == 1 && std::isdigit(static_cast<unsigned char>(c[0]))) ||
               (c >= "０" && c <= "９") || (c >= "①" && c <= "⑳");
    };
    while (i < chars.size() && is_numbering(chars[i])) ++i;
    std::string out;
    for (; i < chars.size(); ++i) out += chars[i];
    return out;
}

// The longest run of characters two names share (normalized), in characters.
size_t common_run(const JapaneseAnalyzer& analyzer, const std::string& a, const std::string& b) {
    auto x = utf8_chars(analyzer.normalize(a)), y = utf8_chars(analyzer.normalize(b));
    std::vector<size_t> prev(y.size() + 1, 0), cur(y.size() + 1, 0);
    size_t best = 0;
    for (size_t i = 1; i <= x.size(); ++i) {
        for (size_t j = 1; j <= y.size(); ++j) {
            cur[j] = x[i - 1] == y[j - 1] ? prev[j - 1] + 1 : 0;
            best = std::max(best, cur[j]);
        }
        std::swap(prev, cur);
    }
    return best;
}

// The same department, allowing small renames (選挙管理委員会事務局 ~ 選挙管理委員会).
bool same_department(const JapaneseAnalyzer& analyzer, const ProjectRecord& a,
                     const ProjectRecord& b) {
    for (const auto& x : a.departments)
        for (const auto& y : b.departments)
            if (x == y || text_similarity(analyzer, x, y) >= 0.7) return true;
    return false;
}

bool same_function(const ProjectRecord& a, const ProjectRecord& b) {
    const auto fa = functions_of(a), fb = functions_of(b);
    for (const auto& f : fa)
        if (fb.count(f)) return true;
    return false;
}

// How strongly a record of another plan period continues the source when the name changed.
// Thresholds set on tests/relevance/history_tuning.tsv (README "Plan periods").
enum class Continuity { None, Evidence, Strong };

// summary_similarity is 0 when either summary is missing.
Continuity continuity(const JapaneseAnalyzer& analyzer, const ProjectRecord& from,
                      const ProjectRecord& to, double name_similarity, double summary_similarity) {
    // The same text under a new name, or a near-same name.
    if (name_similarity >= 0.7 || summary_similarity >= 0.75) return Continuity::Strong;
    // The same department under the same heading, with a telling part of the name or summary kept.
    const bool kept_words = name_similarity >= 0.45 || summary_similarity >= 0.35 ||
                            common_run(analyzer, from.name, to.name) >= 6;
    if (same_department(analyzer, from, to) && kept_words &&
        text_similarity(analyzer, heading_text(from), heading_text(to)) >= 0.5)
        return Continuity::Evidence;
    // A department reorganized (地域振興課 → 地域づくり推進課) but the summary largely kept.
    if (same_function(from, to) && summary_similarity >= 0.45) return Continuity::Evidence;
    return Continuity::None;
}

// Whether `document` lists a project of `city` named `name` (normalized): the other side of a
// merge or a split.
bool document_has_name(PlanSearcher& s, const std::string& city, const std::string& document,
                       const std::string& name) {
    std::vector<Q> words;
    for (const auto& t : s.analyzer().analyze(name).terms)
        if (t.family == TermFamily::Word || t.family == TermFamily::Compound)
            words.emplace_back(std::string(schema::prefix_of(t.family)) + t.text);
    if (words.empty()) return false;
    Q q(Q::OP_AND, words.begin(), words.end());
    q = Q(Q::OP_FILTER, q,
          Q(Q::OP_AND, Q(schema::filter_term(schema::kCity, city)),
            Q(schema::filter_term(schema::kDocument, document))));
    Xapian::Enquire enquire(s.database());
    enquire.set_query(q);
    const std::string key = s.analyzer().normalize(name);
    Xapian::MSet mset = exact_mset(enquire, s.database(), 0, 50, SearchDeadline(std::nullopt));
    for (auto it = mset.begin(); it != mset.end(); ++it)
        if (it.get_document().get_value(schema::kSlotNameKey) == key) return true;
    return false;
}

// Candidates of a project's history: the city's records in other documents that share words with
// the name or summary, or characters with the name, or the department.
Q history_candidates(const JapaneseAnalyzer& analyzer, const ProjectRecord& source) {
    std::vector<Q> words;
    for (const std::string* text : {&source.name, &source.summary}) {
        Analysis a = analyzer.analyze(*text);
        for (const auto& t : a.terms)
            if (t.family == TermFamily::Word || t.family == TermFamily::Compound ||
                (t.family == TermFamily::Bigram && text == &source.name))
                words.emplace_back(std::string(schema::prefix_of(t.family)) + t.text);
    }
    for (const auto& d : source.departments)
        words.emplace_back(schema::filter_term(schema::kDepartment, d));
    if (words.empty()) return Q();
    Q q(Q::OP_OR, words.begin(), words.end());
    q = Q(Q::OP_FILTER, q, Q(schema::filter_term(schema::kCity, source.city)));
    return Q(Q::OP_AND_NOT, q, Q(schema::filter_term(schema::kDocument, source.document.id)));
}

// The records of `document` in any of `r`'s departments (at most 200: a department's share of one
// plan).
std::vector<ProjectRecord> department_records(PlanSearcher& s, const ProjectRecord& r,
                                              const std::string& document) {
    std::vector<Q> departments;
    for (const auto& d : r.departments)
        departments.emplace_back(schema::filter_term(schema::kDepartment, d));
    if (departments.empty()) return {};
    Xapian::Enquire enquire(s.database());
    enquire.set_query(Q(Q::OP_FILTER, Q(Q::OP_OR, departments.begin(), departments.end()),
                        Q(schema::filter_term(schema::kDocument, document))));
    const Xapian::MSet mset =
        exact_mset(enquire, s.database(), 0, 200, SearchDeadline(std::nullopt));
    std::vector<ProjectRecord> out;
    for (auto it = mset.begin(); it != mset.end(); ++it)
        out.push_back(schema::read_record(it.get_document()));
    return out;
}

// A candidate that continues the source, with how strongly and how closely.
struct PeriodCandidate {
    PeriodEntry entry;
    Continuity strength = Continuity::None;
    double closeness = 0;
    bool absorbed = false;       // one summary largely inside the other (absorbed_into)
    bool inside_source = false;  // its summary largely inside the source's: a part of it
    bool carried = false;        // the earlier one's name lives on in the later one (carried_into)
};

// Share of the earlier project's name (its character bigrams, each weighed by its idf) at which,
// in the same department, a later project's name and summary are taken to carry it on. Set on
// tests/relevance/history_tuning.tsv: the carried names hold 0.385 and 0.406; of the pairs the
// other conditions let through, the closest judged unrelated 0.287 (次期総合計画策定事業 ->
// 総合計画の推進). Unweighted shares did not separate them: 改新地域活性化事業 shares 地域, 活性化
// and 事業 (0.50 of its bigrams) with an unrelated 桜島 project.
constexpr double kCarriedNameShare = 0.35;
// A name shorter than this (in bigrams) says too little to be found in another text.
constexpr size_t kMinCarriedNameBigrams = 6;

// Whether a project that ends under its own name lives on in a project that starts under a new
// one: in the same department, the later one's name and summary hold much of the earlier one's
// name (SNSを活用した市政情報の発信 in 「…SNSの活用…市政広報と…情報発信…」, a project that
// took in two). A project the later plan marks new (新) continues nothing.
bool carried_into(PlanSearcher& s, const ProjectRecord& earlier, const ProjectRecord& later) {
    if (std::find(later.flags.begin(), later.flags.end(), "新") != later.flags.end() ||
        !same_department(s.analyzer(), earlier, later))
        return false;
    const Grams name = char_bigrams(s.analyzer(), earlier.name);
    if (name.size() < kMinCarriedNameBigrams) return false;
    const Grams text = char_bigrams(s.analyzer(), later.name + "\n" + later.summary);
    if (idf_containment(bigram_idf(s), name, text) < kCarriedNameShare) return false;
    // The earlier one ends and the later one starts: neither is listed by name in the other plan.
    return !document_has_name(s, earlier.city, later.document.id, earlier.name) &&
           !document_has_name(s, later.city, earlier.document.id, later.name);
}

// Whether another project of the source's document, besides the source, is carried into `later`
// as well: then the link is a merge.
bool carries_another(PlanSearcher& s, const ProjectRecord& source, const ProjectRecord& later) {
    const std::string own_name = s.analyzer().normalize(source.name);
    for (const ProjectRecord& r : department_records(s, later, source.document.id))
        if (s.analyzer().normalize(r.name) != own_name && carried_into(s, r, later)) return true;
    return false;
}

// Share of a summary's bigrams inside the other's at which, in the same department, one project
// is taken to have absorbed the other (a merge, or one part of a split). Set on
// tests/relevance/history_tuning.tsv: merged pairs hold 0.41-0.48, the closest unrelated pair of
// the same department 0.25.
constexpr double kAbsorbedShare = 0.35;

// Whether one of the two projects' summaries is largely inside the other's, in the same
// department: what is left of a project merged into a larger one, or split out of one.
bool absorbed_into(const JapaneseAnalyzer& analyzer, const ProjectRecord& a,
                   const ProjectRecord& b) {
    if (a.summary.empty() || b.summary.empty() || !same_department(analyzer, a, b)) return false;
    return std::max(text_containment(analyzer, a.summary, b.summary),
                    text_containment(analyzer, b.summary, a.summary)) >= kAbsorbedShare;
}

// Whether `other` (a project of another period than `source`) also absorbed, or was absorbed by,
// a project of the source's document besides the source that does not go on under its own name:
// then the link is a merge or a split.
bool absorbs_another(PlanSearcher& s, const ProjectRecord& source, const ProjectRecord& other) {
    const std::string own_name = s.analyzer().normalize(source.name);
    for (const ProjectRecord& r : department_records(s, other, source.document.id))
        // One that continues under its own name in other's period went on by itself.
        if (s.analyzer().normalize(r.name) != own_name && absorbed_into(s.analyzer(), r, other) &&
            !document_has_name(s, r.city, other.document.id, r.name))
            return true;
    return false;
}
// Document id -> normalized name -> the candidate entry of that name.
using PeriodCandidates = std::map<std::string, std::map<std::string, PeriodCandidate>>;

// Per document, its entries that continue the source, by normalized name (a re-listed copy folds
// onto its main entry).
PeriodCandidates continuing_entries(PlanSearcher& s, const ProjectRecord& source,
                                    const Xapian::MSet& mset) {
    const JapaneseAnalyzer& analyzer = s.analyzer();
    const std::string own_name = analyzer.normalize(source.name);
    PeriodCandidates per_document;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        ProjectRecord r = schema::read_record(it.get_document());
        PeriodEntry e;
        e.name_similarity = text_similarity(analyzer, source.name, r.name);
        e.summary_similarity = text_similarity(analyzer, source.summary, r.summary);
        // Two missing summaries are alike (1.0 above) but say nothing of continuity.
        const double summaries =
            source.summary.empty() || r.summary.empty() ? 0.0 : e.summary_similarity;
        const std::string name = analyzer.normalize(r.name);
        Continuity strength = Continuity::Strong;
        bool absorbed = false, inside_source = false, carried = false;
        if (name == own_name) {
            e.relation = "same name";
        } else {
            strength = continuity(analyzer, source, r, e.name_similarity, summaries);
            absorbed = absorbed_into(analyzer, source, r);
            inside_source =
                absorbed && text_containment(analyzer, r.summary, source.summary) >= kAbsorbedShare;
            if (strength == Continuity::None && !absorbed) {
                const bool later = r.document.year > source.document.year;
                carried = later ? carried_into(s, source, r) : carried_into(s, r, source);
            }
            if (strength == Continuity::None && (absorbed || carried))
                strength = Continuity::Evidence;
            if (strength == Continuity::None) continue;
            e.relation = e.name_similarity >= 0.7 ? "similar name" : "renamed";
        }
        // Within a name prefer the main entry over re-listed copies, then the closest text.
        const double closeness = (r.is_relisted() ? 0 : 1) + e.name_similarity + summaries;
        auto& slot = per_document[r.document.id][name];
        if (!slot.entry.record.id.empty() && closeness <= slot.closeness) continue;
        auto old_phrases = phrases(source.summary), new_phrases = phrases(r.summary);
        for (const auto& p : new_phrases)
            if (std::find(old_phrases.begin(), old_phrases.end(), p) == old_phrases.end()) e.summary_added.push_back(p);
        for (const auto& p : old_phrases)
            if (std::find(new_phrases.begin(), new_phrases.end(), p) == new_phrases.end()) e.summary_removed.push_back(p);
        e.record = std::move(r);
        slot = {std::move(e), strength, closeness, absorbed, inside_source, carried};
    }
    return per_document;
}

// The entries of one other document that the history keeps, with their relation: the same name;
// the closest renamed entry; more than one only when each is strong (split or merged).
void link_document_entries(PlanSearcher& s, const ProjectRecord& source,
                           std::map<std::string, PeriodCandidate>& by_name, PlanHistory& h) {
    const JapaneseAnalyzer& analyzer = s.analyzer();
    const std::string own_name = analyzer.normalize(source.name);
    const bool continues_by_name = by_name.count(own_name) > 0;
    const PeriodCandidate* best = nullptr;
    for (const auto& [name, f] : by_name)
        if (name != own_name && (!best || f.closeness > best->closeness)) best = &f;
    size_t best_entry = SIZE_MAX;          // where the closest renamed entry lands, if kept
    std::string several;                   // "split" or "merged" once a second entry is kept
    for (auto& [name, f] : by_name) {
        if (name != own_name) {
            // Seen from the earlier period: one project becoming several is a split, several
            // becoming one a merge.
            const bool later = f.entry.record.document.year > source.document.year;
            const bool one_of_several = continues_by_name || &f != best;
            // One of several continuations: only the same text or name, in the same line of work,
            // and not a project the plan marks new (新: 情報セキュリティ強化対策事業 next to the
            // continuing 情報セキュリティ対策事業).
            const ProjectRecord& later_one = later ? f.entry.record : source;
            const bool marked_new = std::find(later_one.flags.begin(), later_one.flags.end(), "新") !=
                                    later_one.flags.end();
            // Or, where the source continues under no name of that period, several projects
            // whose summaries each lie largely inside the source's: the parts it was split into
            // (later), or the projects merged into it (earlier).
            const bool strong_enough = f.strength == Continuity::Strong && !marked_new &&
                                       (same_department(analyzer, source, f.entry.record) ||
                                        same_function(source, f.entry.record));
            // (Not one that continues another project of the source's period by its name.) Or,
            // where the source started under a new name, the earlier projects it carries on.
            const bool part_of_source =
                !continues_by_name &&
                ((f.inside_source &&
                  !document_has_name(s, source.city, source.document.id, f.entry.record.name)) ||
                 (f.carried && !later));
            if (one_of_several && !strong_enough && !part_of_source) continue;
            if (one_of_several)
                several = f.entry.relation = later ? "split" : "merged";
            else if (document_has_name(s, source.city, source.document.id, f.entry.record.name) ||
                     (f.absorbed && absorbs_another(s, source, f.entry.record)) ||
                     (f.carried && later && carries_another(s, source, f.entry.record)))
                f.entry.relation = later ? "merged" : "split";  // it also continues another
            if (&f == best) best_entry = h.entries.size();
        }
        h.entries.push_back(std::move(f.entry));
    }
    // The closest of several parts is a part too, not a rename.
    if (!several.empty() && !continues_by_name && best_entry < h.entries.size())
        h.entries[best_entry].relation = several;
}

}  // namespace

PlanHistory plan_history(PlanSearcher& s, const std::string& id) {
    PlanHistory h;
    h.source = load(s, id);
    h.entries.push_back({h.source, "self", 1.0, 1.0, {}, {}});
    if (const Q q = history_candidates(s.analyzer(), h.source); !q.empty()) {
        Xapian::Database& db = s.database();
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        // Layout-independent ties and every match checked, as in find_related.
        enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
        const Xapian::MSet mset = exact_mset(enquire, db, 0, 60, SearchDeadline(std::nullopt));
        for (auto& [document, by_name] : continuing_entries(s, h.source, mset))
            link_document_entries(s, h.source, by_name, h);
    }
    std::stable_sort(h.entries.begin(), h.entries.end(), [](const PeriodEntry& a, const PeriodEntry& b) {
        return a.record.document.year < b.record.document.year;
    });
    return h;
}

}  // namespace plan
