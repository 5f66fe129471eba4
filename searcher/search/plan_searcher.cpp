#include "plan_searcher.h"

#include <chrono>
#include <filesystem>
#include <set>
#include <fstream>

#include "facets.h"
#include "index_schema.h"
#include "input_error.h"
#include "query_builder.h"
#include "snippet.h"
#include "text_normalizer.h"

namespace plan {

namespace fs = std::filesystem;
using Q = Xapian::Query;

const std::vector<std::string>& filter_names() {
    static const std::vector<std::string> names = {"city", "prefecture", "document", "year", "department",
                                                   "flag", "goal", "policy", "measure", "section"};
    return names;
}

namespace {

std::string_view filter_prefix(const std::string& name) {
    using namespace schema;
    if (name == "city") return kCity;
    if (name == "prefecture") return kPrefecture;
    if (name == "document") return kDocument;
    if (name == "year") return kYear;
    if (name == "department") return kDepartment;
    if (name == "flag") return kFlag;
    if (name == "goal") return kGoal;
    if (name == "policy") return kPolicy;
    if (name == "measure") return kMeasure;
    if (name == "section") return kSection;
    return {};
}

// The strict answer is thin when it has fewer matches than a page, or than this: then a relaxed
// query adds partial matches after the strict ones.
constexpr Xapian::doccount kRelaxBelow = 3;
// Weight of character-bigram evidence (a part of an unknown or longer word) in a relaxed query,
// relative to whole words: it fills a thin answer without outranking a word match.
constexpr double kRelaxedBigramWeight = 0.25;

// In a relaxed answer a project that matches every word gets its strict score again, times this:
// strict matches stay ahead of partial ones unless a partial one scores far higher.
constexpr double kStrictMatchBoost = 4.0;

// The page size, not its offset, decides: every page of one query counts the same matches.
bool is_thin(Xapian::doccount strict_total, const SearchRequest& request) {
    return strict_total < std::max<size_t>(kRelaxBelow, request.limit);
}
// Weight of the main-entry boost (re-listed copies rank below their main entry).
constexpr double kMainEntryBoost = 0.5;

// Whether the index is a Xapian stub (a file, or a folder holding XAPIANDB) with remote entries.
bool lists_remote_shards(const std::string& path) {
    std::error_code ec;
    const fs::path stub = fs::is_directory(path, ec) ? fs::path(path) / "XAPIANDB" : fs::path(path);
    if (!fs::is_regular_file(stub, ec) || fs::file_size(stub, ec) > 1 << 20) return false;
    std::ifstream in(stub);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("remote ", 0) == 0) return true;
    return false;
}

}  // namespace

PlanSearcher::PlanSearcher(const std::string& index_path, const JapaneseAnalyzer& analyzer)
    : path_(index_path), analyzer_(analyzer) {
    if (!fs::exists(index_path))
        throw IndexError("no index at " + index_path + " (build one with: plan-index build --index " +
                         index_path + ")");
    try {
        open_generation();
    } catch (const Xapian::NetworkError& e) {
        throw IndexError(index_path + ": a remote shard is unreachable: " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw IndexError(index_path + " is not a usable Xapian database: " + e.get_description());
    }
    has_remote_shards_ = lists_remote_shards(index_path);
    check_compatible();
}

void PlanSearcher::check_compatible() {
    const std::string built_with = db_.get_metadata(std::string(schema::kMetaAnalyzer));
    if (built_with.empty())
        throw IndexError(path_ + " is a Xapian database but not a plan-search index (no analyzer "
                                 "version recorded); rebuild it with plan-index build");
    if (built_with != analyzer_.version())
        throw IndexError(path_ + " was built by analyzer '" + built_with + "' but this program uses '" +
                         analyzer_.version() + "': rebuild the index with plan-index build");
    const std::string schema_version = db_.get_metadata(std::string(schema::kMetaSchema));
    if (schema_version != schema::kSchemaVersion)
        throw IndexError(path_ + " has index schema '" + schema_version + "', this program reads '" +
                         std::string(schema::kSchemaVersion) + "': rebuild the index");
    extra_facets_.clear();
    const std::string extra = db_.get_metadata(std::string(schema::kMetaExtraFacets));
    if (!extra.empty()) extra_facets_ = nlohmann::json::parse(extra).get<std::map<std::string, Xapian::valueno>>();
    facet_defs_ = facet_definitions(extra_facets_, db_);
    synonyms_.reset();
    const std::string map = db_.get_metadata(std::string(kMetaSynonymMap));
    if (!map.empty()) synonyms_ = nlohmann::json::parse(map).get<SynonymMap>();
}

std::string PlanSearcher::revision() const {
    std::string where;
    std::error_code ec;
    if (!generation_.empty()) where = fs::path(generation_).filename().string() + ":";
    try {
        return where + std::to_string(db_.get_revision());
    } catch (const Xapian::Error&) {
        // Several shards have no single revision: builds and updates stamp them all.
        return where + db_.get_metadata(std::string(schema::kMetaUpdated));
    }
}

void PlanSearcher::open_generation() {
    // Resolve the symlink once and open the folder it names: Xapian opens several files by path,
    // and a rebuild switching the link in between must not give it files of two generations.
    // A generation can be pruned between resolving and opening (two rebuilds in a row): retry.
    for (int attempt = 1;; ++attempt) {
        std::error_code ec;
        std::string target = fs::is_symlink(path_, ec) ? fs::canonical(path_, ec).string() : "";
        try {
            db_ = Xapian::Database(target.empty() ? path_ : target);
            generation_ = target;
            return;
        } catch (const Xapian::DatabaseOpeningError&) {
            if (attempt == 3 || target.empty()) throw;
        }
    }
}

bool PlanSearcher::reopen() {
    const std::string before = revision();
    std::error_code ec;
    if (fs::is_symlink(path_, ec)) {
        // A rebuild switches the symlink to a new generation: open that one.
        if (fs::canonical(path_, ec).string() == generation_ && !ec) {
            // Same generation: plan-index add/remove may have committed to it in place, added a
            // shard to its stub or extra facets. Database::reopen() sees new revisions of the
            // shards it has, not new stub entries: open the generation afresh.
            Xapian::Database previous = db_;
            try {
                open_generation();
                check_compatible();
            } catch (...) {
                db_ = previous;
                throw;
            }
            return revision() != before;
        }
        Xapian::Database previous = db_;
        const std::string previous_generation = generation_;
        try {
            open_generation();
            check_compatible();
        } catch (...) {
            db_ = previous;
            generation_ = previous_generation;
            throw;
        }
    } else {
        db_.reopen();
    }
    return revision() != before;
}

std::string PlanSearcher::filter_term_prefix(const std::string& name) const {
    if (auto p = filter_prefix(name); !p.empty()) return std::string(p);
    // An extra facet declared by a data source (事業区分, 評価方向, ...): XE<name>=<value>.
    if (extra_facets_.count(name)) return std::string(schema::kExtraFacet) + name + "=";
    return {};
}

std::vector<std::string> PlanSearcher::resolve_filter(const std::string& name, const std::string& value) {
    std::vector<std::string> exact, starts, contains;
    const std::string want = analyzer_.normalize(value);
    const std::string p = filter_term_prefix(name);
    for (auto it = db_.allterms_begin(p); it != db_.allterms_end(p); ++it) {
        const std::string v = (*it).substr(p.size());
        if (v == value) return {*it};
        const std::string nv = analyzer_.normalize(v);
        if (nv == want)
            exact.push_back(*it);
        else if (nv.rfind(want, 0) == 0)
            starts.push_back(*it);
        else if (nv.find(want) != std::string::npos)
            contains.push_back(*it);
    }
    if (!exact.empty()) return exact;
    if (!starts.empty()) return starts;
    if (!contains.empty()) return contains;
    return {p + value};  // matches nothing: an unknown value filters everything out
}

std::optional<ProjectRecord> PlanSearcher::find(const std::string& id) {
    const std::string term = schema::filter_term(schema::kId, id);
    Xapian::PostingIterator p = db_.postlist_begin(term);
    if (p == db_.postlist_end(term)) return std::nullopt;
    return schema::read_record(db_.get_document(*p));
}

FacetCounts PlanSearcher::all_facets() {
    SearchRequest r;
    r.limit = 0;
    return search(r).facets;
}

double SearchDeadline::seconds_left() const {
    if (!limit_ms_) return 0;
    const double elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
            .count();
    const double left = (*limit_ms_ - elapsed_ms) / 1000;
    if (left <= 0)
        throw SearchTimeLimit("the search ran past its time limit of " +
                              std::to_string(*limit_ms_) + " ms");
    return left;
}

Xapian::MSet exact_mset(Xapian::Enquire& enquire, const Xapian::Database& db,
                        Xapian::doccount first, Xapian::doccount max_items,
                        const SearchDeadline& deadline) {
    enquire.set_time_limit(deadline.seconds_left());
    Xapian::MSet mset = enquire.get_mset(first, max_items, db.get_doccount());
    deadline.seconds_left();  // a match that reached the limit stopped checking: not exact
    return mset;
}

// A shard that goes down after the index was opened fails the search with a clear IndexError
// naming it: no partial results, whose counts would silently be wrong.
SearchResponse PlanSearcher::search(const SearchRequest& request) try {
    const auto start = std::chrono::steady_clock::now();
    const SearchDeadline deadline(request.time_limit_ms);
    SearchResponse resp;
    resp.query = request.query;
    resp.offset = request.offset;
    resp.limit = request.limit;

    std::set<std::string> extra_names;
    for (const auto& [name, slot] : extra_facets_) extra_names.insert(name);
    ParsedQuery parsed = parse_query(request.query, extra_names);
    auto filters = request.filters;
    for (auto& [k, v] : parsed.filters) filters[k].insert(filters[k].end(), v.begin(), v.end());

    std::vector<Q> filter_queries;
    for (const auto& [name, values] : filters) {
        if (filter_term_prefix(name).empty()) {
            std::string known;
            for (const auto& n : filter_names()) known += (known.empty() ? "" : ", ") + n;
            for (const auto& n : extra_names) known += ", " + n;
            throw InputError(name, "unknown filter '" + name + "' (known: " + known + ")");
        }
        if (values.empty()) continue;
        std::vector<Q> any;
        for (const auto& v : values)
            for (const auto& t : resolve_filter(name, v)) any.emplace_back(t);
        filter_queries.push_back(Q(Q::OP_OR, any.begin(), any.end()));
    }
    Q filter = filter_queries.empty() ? Q() : Q(Q::OP_AND, filter_queries.begin(), filter_queries.end());

    // The facets to count: all, or those asked for (plus the one results are grouped by).
    std::vector<FacetDefinition> facet_defs = facet_defs_;
    if (!request.facet_fields.empty()) {
        std::set<std::string> wanted(request.facet_fields.begin(), request.facet_fields.end());
        for (const auto& name : wanted) {
            const bool known = std::any_of(facet_defs_.begin(), facet_defs_.end(),
                                           [&](const FacetDefinition& d) { return d.name == name; });
            if (!known) {
                std::string names;
                for (const auto& d : facet_defs_) names += (names.empty() ? "" : ", ") + d.name;
                throw InputError("facet_fields",
                                 "unknown facet '" + name + "' (this index has: " + names + ")");
            }
        }
        if (!request.group_by.empty()) wanted.insert(request.group_by);
        std::erase_if(facet_defs, [&](const FacetDefinition& d) { return !wanted.count(d.name); });
    }

    FacetSpies spies(facet_defs);
    const Xapian::doccount all = db_.get_doccount();
    BuiltQuery built;
    Xapian::MSet mset;
    auto run = [&](const Q& text_query) {
        Q q = text_query;
        if (q.empty())
            q = Q::MatchAll;
        else
            q = Q(Q::OP_AND_MAYBE, q,
                  Q(Q::OP_SCALE_WEIGHT,
                    // release(): the query owns the source (a plain pointer would leak per search).
                    Q((new Xapian::ValueWeightPostingSource(schema::kSlotMainEntry))->release()),
                    kMainEntryBoost));
        if (!filter.empty()) q = Q(Q::OP_FILTER, q, filter);
        Xapian::Enquire enquire(db_);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.5, 0.5));
        if (text_query.empty() && request.sort == "relevance")
            enquire.set_sort_by_value(schema::kSlotOrder, false);
        else if (request.sort == "relevance")
            // Equal scores in source order, not docid order, which depends on the shard layout.
            enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
        else if (request.sort == "city")
            enquire.set_sort_by_value_then_relevance(schema::kSlotCity, false);
        else if (request.sort == "year")
            enquire.set_sort_by_value_then_relevance(schema::kSlotYear, true);
        else if (request.sort == "name")
            enquire.set_sort_by_value_then_relevance(schema::kSlotNameKey, false);
        const Xapian::valueno collapse_slot = request.group_by == "document"     ? schema::kSlotDocument
                                              : request.group_by == "prefecture" ? schema::kSlotPrefecture
                                                                                 : schema::kSlotCity;
        if (!request.group_by.empty()) {
            enquire.set_collapse_key(collapse_slot, static_cast<Xapian::doccount>(std::max<size_t>(1, request.per_group)));
        }
        FacetSpies fresh(facet_defs);
        spies = std::move(fresh);
        if (request.facets && has_remote_shards_) {
            // Through several xapian-tcpsrv shards (Xapian 1.4.22) spies attached to a match that
            // returns items count a few documents twice; a count-only pass is exact.
            Xapian::Enquire counting(db_);
            counting.set_query(q);
            if (!request.group_by.empty())
                counting.set_collapse_key(collapse_slot, static_cast<Xapian::doccount>(std::max<size_t>(1, request.per_group)));
            spies.attach(counting);
            exact_mset(counting, db_, 0, 0, deadline);
        } else if (request.facets) {
            spies.attach(enquire);
        }
        // Every match is visited, with or without facets (exact ranking and `total`).
        const Xapian::doccount limit = request.group_by.empty() ? request.limit : all;
        mset = exact_mset(enquire, db_, request.group_by.empty() ? request.offset : 0, limit,
                          deadline);
    };

    built = build_query(parsed, analyzer_, db_, QueryStrength::Strict, synonym_map());
    if (!built.has_positive && !parsed.items.empty() && built.query.empty()) {
        // Only negations or nothing searchable: match everything except the negated items.
        std::vector<Q> neg;
        for (auto& item : parsed.items) {
            if (!item.negated) continue;
            ParsedQuery p;
            QueryItem pos = item;
            pos.negated = false;
            p.items.push_back(pos);
            auto b = build_query(p, analyzer_, db_, QueryStrength::Strict, synonym_map());
            if (!b.query.empty()) neg.push_back(b.query);
        }
        Q q = neg.empty() ? Q() : Q(Q::OP_AND_NOT, Q::MatchAll, Q(Q::OP_OR, neg.begin(), neg.end()));
        run(q);
    } else {
        run(built.query);
        if (request.relax && built.has_positive && is_thin(mset.get_matches_estimated(), request)) {
            const auto strict_total = mset.get_matches_estimated();
            Xapian::MSet strict = mset;
            FacetSpies strict_spies = std::move(spies);
            // Any word (ranked by how many match: BM25 sums them), plus character bigrams of
            // partial or unknown words at a lower weight.
            BuiltQuery relaxed = build_query(parsed, analyzer_, db_, QueryStrength::Relaxed, synonym_map());
            Q wider = relaxed.query;
            if (built.bigram_possible) {
                BuiltQuery bigram =
                    build_query(parsed, analyzer_, db_, QueryStrength::Bigram, synonym_map());
                if (!bigram.query.empty()) {
                    Q weak(Q::OP_SCALE_WEIGHT, bigram.query, kRelaxedBigramWeight);
                    wider = wider.empty() ? weak : Q(Q::OP_OR, wider, weak);
                    relaxed.highlight_terms.insert(bigram.highlight_terms.begin(),
                                                   bigram.highlight_terms.end());
                }
            }
            // Projects that match every word come first: they get the strict score on top.
            if (!wider.empty())
                run(Q(Q::OP_AND_MAYBE, wider,
                      Q(Q::OP_SCALE_WEIGHT, built.query, kStrictMatchBoost)));
            if (!wider.empty() && mset.get_matches_estimated() > strict_total) {
                resp.relaxed = true;
                resp.relaxation = relaxed.query.empty() ? "bigram" : "or";
                built.highlight_terms.insert(relaxed.highlight_terms.begin(), relaxed.highlight_terms.end());
            } else {
                mset = strict;
                spies = std::move(strict_spies);
            }
            if (mset.get_matches_estimated() == 0) {
                BuiltQuery partial =
                    build_query(parsed, analyzer_, db_, QueryStrength::Partial, synonym_map());
                if (!partial.query.empty()) run(partial.query);
                if (!mset.empty()) {
                    resp.relaxed = true;
                    resp.relaxation = "bigram";
                    built.highlight_terms = partial.highlight_terms;
                }
            }
        }
    }

    resp.total = mset.get_matches_estimated();
    resp.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    if (request.facets) resp.facets = spies.counts();

    unsigned rank = static_cast<unsigned>(request.group_by.empty() ? request.offset : 0);
    std::vector<SearchHit> hits;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        SearchHit h;
        h.record = schema::read_record(it.get_document());
        h.rank = ++rank;
        h.score = it.get_weight();
        // Cut the snippet from the first text that holds a match: summary, details, indicators.
        std::vector<std::string> texts = {h.record.summary};
        for (const auto& d : h.record.details) texts.push_back(d.label + ": " + d.text);
        for (const auto& i : h.record.indicators) texts.push_back(i.name);
        texts.push_back(h.record.name);
        Snippet best;
        for (const auto& t : texts) {
            if (t.empty()) continue;
            Snippet s = make_snippet(t, built.highlight_terms, analyzer_);
            if (!s.marks.empty()) {
                best = std::move(s);
                break;
            }
            if (best.text.empty()) best = std::move(s);
        }
        h.snippet = snippet_html(best);
        h.marks = best.marks;
        h.matched_terms = best.matched;
        h.snippet_source = best.text;
        hits.push_back(std::move(h));
    }
    if (request.group_by.empty()) {
        resp.results = std::move(hits);
    } else {
        std::map<std::string, size_t> group_totals;
        if (request.facets)
            for (const auto& fv : resp.facets[request.group_by]) group_totals[fv.value] = fv.count;
        for (auto& h : hits) {
            const std::string key = request.group_by == "document"     ? h.record.document.id
                                    : request.group_by == "prefecture" ? h.record.prefecture
                                                                       : h.record.city;
            auto g = std::find_if(resp.groups.begin(), resp.groups.end(),
                                  [&](const SearchGroup& x) { return x.value == key; });
            if (g == resp.groups.end()) {
                resp.groups.push_back({key, group_totals[key], {}});
                g = resp.groups.end() - 1;
            }
            h.rank = static_cast<unsigned>(g->hits.size() + 1);
            g->hits.push_back(h);
            // `results` stays a page of at most `limit` hits (the best across groups, in rank
            // order); `groups` holds every group's best per_group.
            if (resp.results.size() < request.limit) resp.results.push_back(h);
        }
    }
    resp.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return resp;
} catch (const Xapian::NetworkError& e) {
    throw IndexError(path_ + ": a remote shard is unreachable: " + e.get_description());
}

}  // namespace plan
