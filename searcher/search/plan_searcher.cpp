#include "plan_searcher.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "facet_table.h"
#include "facets.h"
#include "feedback.h"
#include "index_schema.h"
#include "index_snapshot.h"
#include "input_error.h"
#include "match_set.h"
#include "query_builder.h"
#include "snippet.h"
#include "text_normalizer.h"
#include "xapian_pruning.h"

namespace plan {

namespace fs = std::filesystem;
using Q = Xapian::Query;

const std::vector<std::string>& filter_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& f : schema::facet_fields())
            if (f.filter) out.emplace_back(f.name);
        return out;
    }();
    return names;
}

namespace {

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
// Weight of the words that feedback adds (feedback.h), relative to a typed word: they fill and
// reorder a thin answer while projects that match what was typed stay ahead as a rule.
constexpr double kFeedbackWeight = 0.5;

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
        throw IndexError("no index at " + index_path +
                         " (build one with: plan-index build --index " + index_path + ")");
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
        throw IndexError(path_ +
                         " is a Xapian database but not a plan-search index (no analyzer "
                         "version recorded); rebuild it with plan-index build");
    if (built_with != analyzer_.version())
        throw IndexError(path_ + " was built by analyzer '" + built_with +
                         "' but this program uses '" + analyzer_.version() +
                         "': rebuild the index with plan-index build");
    const std::string schema_version = db_.get_metadata(std::string(schema::kMetaSchema));
    if (schema_version != schema::kSchemaVersion)
        throw IndexError(path_ + " has index schema '" + schema_version +
                         "', this program reads '" + std::string(schema::kSchemaVersion) +
                         "': rebuild the index");
    // Everything read before anything is replaced: a failure keeps the previous state whole.
    std::map<std::string, Xapian::valueno> extra;
    const std::string extra_json = db_.get_metadata(std::string(schema::kMetaExtraFacets));
    if (!extra_json.empty())
        extra = nlohmann::json::parse(extra_json).get<std::map<std::string, Xapian::valueno>>();
    std::optional<SynonymMap> synonyms;
    const std::string map = db_.get_metadata(std::string(kMetaSynonymMap));
    if (!map.empty()) synonyms = nlohmann::json::parse(map).get<SynonymMap>();
    std::vector<FacetDefinition> defs = facet_definitions(extra, db_);
    std::string key;
    try {
        key = db_.get_uuid();
    } catch (const Xapian::Error&) {
    }
    snapshot_ = IndexSnapshot::of((key.empty() ? path_ : key) + "@" + revision());
    extra_facets_ = std::move(extra);
    synonyms_ = std::move(synonyms);
    facet_defs_ = std::move(defs);
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

bool PlanSearcher::generation_switched() const {
    std::error_code ec;
    if (!fs::is_symlink(path_, ec)) return false;
    const std::string target = fs::canonical(path_, ec).string();
    return ec || target != generation_;
}

// Cheap when nothing changed (a stat of the symlink and Xapian re-reading its revision files), so
// searchers can look often; metadata and synonyms are read again only for a new revision.
bool PlanSearcher::reopen() {
    const std::string before = revision();
    if (!generation_switched()) {
        db_.reopen();
        if (revision() == before) return false;
    }
    // A new generation, or new data in this one (plan-index add/remove may also have added a
    // shard to its stub or extra facets, which Database::reopen() does not see): open afresh.
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
    return revision() != before;
}

std::string PlanSearcher::filter_term_prefix(const std::string& name) const {
    if (const auto* f = schema::find_facet_field(name); f && f->filter && f->name == name)
        return std::string(f->prefix);
    // An extra facet declared by a data source (事業区分, 評価方向, ...): XE<name>=<value>.
    if (extra_facets_.count(name)) return std::string(schema::kExtraFacet) + name + "=";
    return {};
}

std::vector<std::string> PlanSearcher::resolve_filter(const std::string& name,
                                                      const std::string& value) {
    std::vector<std::string> exact, starts, contains;
    const std::string want = analyzer_.normalize(value);
    const std::string p = filter_term_prefix(name);
    const auto& known = snapshot_->filter_values(
        db_, p, [this](const std::string& v) { return analyzer_.normalize(v); });
    for (const auto& [term, normalized] : known) {
        if (std::string_view(term).substr(p.size()) == value) return {term};
        if (normalized == want)
            exact.push_back(term);
        else if (normalized.starts_with(want))
            starts.push_back(term);
        else if (normalized.find(want) != std::string::npos)
            contains.push_back(term);
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

Xapian::MSet ranked_mset(Xapian::Enquire& enquire, const Xapian::Database& db,
                         Xapian::doccount first, Xapian::doccount max_items,
                         const SearchDeadline& deadline) {
    if (!xapian_pruning_is_exact()) return exact_mset(enquire, db, first, max_items, deadline);
    deadline.seconds_left();
    return enquire.get_mset(first, max_items);
}

// ---- search: named steps ----

/// One query matched: the page asked for, the exact number of matches and the facet counts.
struct PlanSearcher::Match {
    Xapian::MSet page;
    Xapian::doccount total = 0;
    bool total_exact = true;
    FacetCounts facets;
};

/// What every query of one search shares: the request, its filter, the facets to count.
struct PlanSearcher::MatchContext {
    const SearchRequest& request;
    Q filter;
    std::vector<FacetDefinition> facets;
    const SearchDeadline& deadline;
};

namespace {

// BM25 as Xapian::BM25Weight(k1, k2, k3, b, min_normlen): k1 and b lower than Xapian's defaults
// (1, 0, 1, 0.5, 0.5 there too) because plan records are short and of similar length.
const Xapian::BM25Weight kRanking(1.2, 0, 1, 0.5, 0.5);

/// The value slot results are collapsed on for group_by (city, document, prefecture).
Xapian::valueno group_slot(const std::string& group_by) {
    if (group_by == "document") return schema::kSlotDocument;
    if (group_by == "prefecture") return schema::kSlotPrefecture;
    if (group_by == "city") return schema::kSlotCity;
    throw InputError("group_by", "must be city, document or prefecture, got '" + group_by + "'");
}

/// The group of a hit, as group_slot collapsed it.
const std::string& group_key(const ProjectRecord& record, const std::string& group_by) {
    if (group_by == "document") return record.document.id;
    if (group_by == "prefecture") return record.prefecture;
    return record.city;
}

/// The text query with the main-entry boost and the filter; MatchAll (filtered) without text.
/// `main_entries`: the boost from memory (one local database); null: from the value slot.
Q full_query(const Q& text_query, const Q& filter,
             const std::shared_ptr<const MainEntries>& main_entries) {
    Q q = text_query;
    if (q.empty()) {
        q = match_all();
    } else {
        // release(): the query owns the source (a plain pointer would leak per search).
        Xapian::PostingSource* boost =
            main_entries ? static_cast<Xapian::PostingSource*>(new MainEntrySource(main_entries))
                         : new Xapian::ValueWeightPostingSource(schema::kSlotMainEntry);
        q = Q(Q::OP_AND_MAYBE, q, Q(Q::OP_SCALE_WEIGHT, Q(boost->release()), kMainEntryBoost));
    }
    return filter.empty() ? q : Q(Q::OP_FILTER, q, filter);
}

void configure_order(Xapian::Enquire& enquire, const SearchRequest& request, bool has_text) {
    enquire.set_weighting_scheme(kRanking);
    if (!has_text && request.sort == "relevance")
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
    if (!request.group_by.empty())
        enquire.set_collapse_key(
            group_slot(request.group_by),
            static_cast<Xapian::doccount>(std::max<size_t>(1, request.per_group)));
}

std::vector<std::string> facet_names(const std::vector<FacetDefinition>& defs) {
    std::vector<std::string> names;
    for (const auto& d : defs) names.push_back(d.name);
    return names;
}

}  // namespace

Q PlanSearcher::filter_query(const SearchRequest& request, const ParsedQuery& parsed) {
    auto filters = request.filters;
    for (auto& [k, v] : parsed.filters) filters[k].insert(filters[k].end(), v.begin(), v.end());
    std::vector<Q> filter_queries;
    for (const auto& [name, values] : filters) {
        if (filter_term_prefix(name).empty()) {
            std::string known;
            for (const auto& n : filter_names()) known += (known.empty() ? "" : ", ") + n;
            for (const auto& [n, slot] : extra_facets_) known += ", " + n;
            throw InputError(name, "unknown filter '" + name + "' (known: " + known + ")");
        }
        if (values.empty()) continue;
        std::vector<Q> any;
        for (const auto& v : values)
            for (const auto& t : resolve_filter(name, v)) any.emplace_back(t);
        filter_queries.push_back(Q(Q::OP_OR, any.begin(), any.end()));
    }
    return filter_queries.empty() ? Q()
                                  : Q(Q::OP_AND, filter_queries.begin(), filter_queries.end());
}

std::vector<FacetDefinition> PlanSearcher::chosen_facets(const SearchRequest& request) const {
    if (!request.facets) return {};
    std::vector<FacetDefinition> chosen = facet_defs_;
    if (request.facet_fields.empty()) return chosen;
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
    std::erase_if(chosen, [&](const FacetDefinition& d) { return !wanted.count(d.name); });
    return chosen;
}

// Three ways to match, all exact (a page is the head of the full ranking; totals and facets
// count every match):
// - ranked by relevance over one local database with a Xapian that prunes exactly: a pruned
//   pass for the page, then (when facets are asked for or the page's bounds are not exact) a
//   weightless pass over every match for the total and the facets;
// - otherwise (sorted by a value, grouped, or a stock Xapian) one pass visiting every match;
// - remote shards: facets by Xapian's serialisable spies in a count-only pass (spies attached to
//   a match that returns items count a few documents twice through xapian-tcpsrv 1.4.22).
PlanSearcher::Match PlanSearcher::match(const Q& text_query, const MatchContext& ctx) {
    const SearchRequest& request = ctx.request;
    const Q q = ranked_query(text_query, ctx);
    Xapian::Enquire enquire(db_);
    enquire.set_query(q);
    configure_order(enquire, request, !text_query.empty());
    const bool grouped = !request.group_by.empty();
    const auto first = static_cast<Xapian::doccount>(grouped ? 0 : request.offset);
    const auto count = static_cast<Xapian::doccount>(grouped ? db_.get_doccount() : request.limit);
    const bool want_facets = !ctx.facets.empty();
    Match m;
    if (has_remote_shards_) {
        FacetSpies spies(ctx.facets);
        if (want_facets) {
            Xapian::Enquire counting(db_);
            counting.set_query(q);
            if (grouped) configure_order(counting, request, !text_query.empty());
            spies.attach(counting);
            exact_mset(counting, db_, 0, 0, ctx.deadline);
            m.facets = spies.counts();
        }
        m.page = exact_mset(enquire, db_, first, count, ctx.deadline);
    } else if (!text_query.empty() && request.sort == "relevance" && !grouped &&
               xapian_pruning_is_exact()) {
        m.page = ranked_mset(enquire, db_, first, count, ctx.deadline);
        const bool bounds_exact =
            m.page.get_matches_lower_bound() == m.page.get_matches_upper_bound();
        if (want_facets || !bounds_exact) {
            // Weightless, and without what only weighs (the main-entry and name boosts, the
            // synonym tiers' exclusions): the same match set, visited more cheaply.
            Xapian::Enquire counting(db_);
            const Q matching = match_set_query(text_query);
            counting.set_query(ctx.filter.empty() ? matching
                                                  : Q(Q::OP_FILTER, matching, ctx.filter));
            counting.set_weighting_scheme(Xapian::BoolWeight());
            m.facets = count_matches(counting, ctx, m.total);
            m.total_exact = true;
            return m;
        }
    } else {
        m.facets = count_matches(enquire, ctx, m.total, &m.page, first, count);
        m.total_exact = m.page.get_matches_lower_bound() == m.page.get_matches_upper_bound();
        return m;
    }
    m.total = m.page.get_matches_estimated();
    m.total_exact = m.page.get_matches_lower_bound() == m.page.get_matches_upper_bound();
    return m;
}

// The query a search ranks by: the text query with the main-entry boost, within the filters.
Q PlanSearcher::ranked_query(const Q& text_query, const MatchContext& ctx) const {
    return full_query(
        text_query, ctx.filter,
        db_.size() == 1 && !has_remote_shards_ ? snapshot_->main_entries(db_) : nullptr);
}

// Visits every match of enquire with the facet counter of this database attached: the ordinal
// spy over one local database, Xapian's value-count spies over several. With `page`, also keeps
// the ranked page [first, first + count).
FacetCounts PlanSearcher::count_matches(Xapian::Enquire& enquire, const MatchContext& ctx,
                                        Xapian::doccount& total, Xapian::MSet* page,
                                        Xapian::doccount first, Xapian::doccount count) {
    std::unique_ptr<OrdinalFacetSpy> ordinal_spy;
    std::unique_ptr<FacetSpies> value_spies;
    if (!ctx.facets.empty()) {
        if (db_.size() == 1) {
            // One database: the spy sees the docids the ordinals are indexed by (over several,
            // Xapian hands spies each shard's own docids).
            ordinal_spy = std::make_unique<OrdinalFacetSpy>(
                snapshot_->facet_ordinals(db_, facet_defs_), facet_names(ctx.facets));
            enquire.add_matchspy(ordinal_spy.get());
        } else {
            value_spies = std::make_unique<FacetSpies>(ctx.facets);
            value_spies->attach(enquire);
        }
    }
    Xapian::MSet mset = exact_mset(enquire, db_, page ? first : 0, page ? count : 0, ctx.deadline);
    total = mset.get_matches_estimated();
    if (page) *page = mset;
    if (ordinal_spy) return ordinal_spy->counts();
    if (value_spies) return value_spies->counts();
    return {};
}

// Strict first; a thin strict answer (under a page) gets the relaxed query's partial matches
// after the strict ones; an empty one gets the last resort (any two bigrams of an item).
PlanSearcher::Match PlanSearcher::match_with_relaxation(const ParsedQuery& parsed,
                                                        const MatchContext& ctx, BuiltQuery& built,
                                                        SearchResponse& resp) {
    const QueryBuilder builder(analyzer_, db_, synonym_map());
    built = builder.build(parsed, QueryStrength::Strict);
    if (!built.has_positive && !parsed.items.empty() && built.query.empty())
        return match(negations_only(parsed), ctx);
    Match m = match(built.query, ctx);
    if (!ctx.request.relax || !built.has_positive || !is_thin(m.total, ctx.request)) return m;

    // Any word (ranked by how many match: BM25 sums them), plus character bigrams of partial or
    // unknown words at a lower weight.
    BuiltQuery relaxed = builder.build(parsed, QueryStrength::Relaxed);
    Q wider = relaxed.query;
    if (built.bigram_possible) {
        BuiltQuery bigram = builder.build(parsed, QueryStrength::Bigram);
        if (!bigram.query.empty()) {
            Q weak(Q::OP_SCALE_WEIGHT, bigram.query, kRelaxedBigramWeight);
            wider = wider.empty() ? weak : Q(Q::OP_OR, wider, weak);
            relaxed.highlight_terms.insert(bigram.highlight_terms.begin(),
                                           bigram.highlight_terms.end());
        }
    }
    if (!wider.empty()) {
        // Projects that match every word come first: they get the strict score on top.
        const Q ranked =
            Q(Q::OP_AND_MAYBE, wider, Q(Q::OP_SCALE_WEIGHT, built.query, kStrictMatchBoost));
        Match wide = match(ranked, ctx);
        if (wide.total > m.total) {
            resp.relaxed = true;
            resp.relaxation = relaxed.query.empty() ? "bigram" : "or";
            built.highlight_terms.insert(relaxed.highlight_terms.begin(),
                                         relaxed.highlight_terms.end());
            m = std::move(wide);
            if (!relaxed.query.empty() && m.total < kFeedbackBelow)
                widen_by_feedback(ranked, ctx, built, m, resp);
        }
    }
    if (m.total == 0) {
        BuiltQuery partial = builder.build(parsed, QueryStrength::Partial);
        if (!partial.query.empty()) {
            Match last = match(partial.query, ctx);
            if (!last.page.empty()) {
                resp.relaxed = true;
                resp.relaxation = "bigram";
                built.highlight_terms = partial.highlight_terms;
            }
            m = std::move(last);
        }
    }
    return m;
}

// The relaxed answer's best few projects lend it the words they share (feedback.h); the answer
// becomes the relaxed query OR those words at a lower weight.
void PlanSearcher::widen_by_feedback(const Q& ranked, const MatchContext& ctx, BuiltQuery& built,
                                     Match& m, SearchResponse& resp) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(ranked_query(ranked, ctx));
    enquire.set_weighting_scheme(kRanking);
    enquire.set_sort_by_relevance_then_value(schema::kSlotOrder, false);
    // The relaxed answer's first page in relevance order already holds its best projects; any
    // other page or order asks for them, so that every page is widened by the same words.
    const SearchRequest& request = ctx.request;
    const bool page_is_top = request.offset == 0 && request.sort == "relevance" &&
                             request.group_by.empty() &&
                             (m.page.size() >= kFeedbackDocuments || m.page.size() == m.total);
    const Xapian::MSet top =
        page_is_top ? m.page : ranked_mset(enquire, db_, 0, kFeedbackDocuments, ctx.deadline);
    const FeedbackExpansion expansion = feedback_expansion(db_, enquire, top, ranked);
    if (expansion.query.empty()) return;
    m = match(Q(Q::OP_OR, ranked, Q(Q::OP_SCALE_WEIGHT, expansion.query, kFeedbackWeight)), ctx);
    for (const auto& term : expansion.terms) {  // distinct word terms: distinct words
        built.highlight_terms.insert(term);
        resp.expanded.push_back(term.substr(schema::kWord.size()));
    }
}

// Only negations or nothing searchable: everything except the negated items.
Q PlanSearcher::negations_only(const ParsedQuery& parsed) {
    const QueryBuilder builder(analyzer_, db_, synonym_map());
    std::vector<Q> neg;
    for (const auto& item : parsed.items) {
        if (!item.negated) continue;
        ParsedQuery p;
        QueryItem pos = item;
        pos.negated = false;
        p.items.push_back(pos);
        auto b = builder.build(p, QueryStrength::Strict);
        if (!b.query.empty()) neg.push_back(b.query);
    }
    return neg.empty() ? Q() : Q(Q::OP_AND_NOT, match_all(), Q(Q::OP_OR, neg.begin(), neg.end()));
}

// The snippet is cut from the first text that holds a match: summary, details, indicators, name.
SearchHit PlanSearcher::make_hit(const Xapian::MSetIterator& it, unsigned rank,
                                 const std::set<std::string>& highlight_terms) const {
    SearchHit h;
    h.record = schema::read_record(it.get_document());
    h.rank = rank;
    h.score = it.get_weight();
    std::vector<std::string> texts = {h.record.summary};
    for (const auto& d : h.record.details) texts.push_back(d.label + ": " + d.text);
    for (const auto& i : h.record.indicators) texts.push_back(i.name);
    texts.push_back(h.record.name);
    Snippet best;
    for (const auto& t : texts) {
        if (t.empty()) continue;
        Snippet s = make_snippet(t, highlight_terms, analyzer_);
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
    return h;
}

namespace {

// `results` stays a page of at most `limit` hits (the best across groups, in rank order);
// `groups` holds every group's best per_group, with the group's total from the facet counts.
void group_hits(std::vector<SearchHit> hits, const SearchRequest& request, SearchResponse& resp) {
    std::map<std::string, size_t> group_totals;
    for (const auto& fv : resp.facets[request.group_by]) group_totals[fv.value] = fv.count;
    for (auto& h : hits) {
        const std::string& key = group_key(h.record, request.group_by);
        auto g = std::find_if(resp.groups.begin(), resp.groups.end(),
                              [&](const SearchGroup& x) { return x.value == key; });
        if (g == resp.groups.end()) {
            resp.groups.push_back({key, group_totals[key], {}});
            g = resp.groups.end() - 1;
        }
        h.rank = static_cast<unsigned>(g->hits.size() + 1);
        g->hits.push_back(h);
        if (resp.results.size() < request.limit) resp.results.push_back(h);
    }
}

}  // namespace

// A shard that goes down after the index was opened fails the search with a clear IndexError
// naming it: no partial results, whose counts would silently be wrong.
SearchResponse PlanSearcher::search(const SearchRequest& request) try {
    const auto start = std::chrono::steady_clock::now();
    const SearchDeadline deadline(request.time_limit_ms);
    SearchResponse resp;
    resp.query = request.query;
    resp.offset = request.offset;
    resp.limit = request.limit;
    if (!request.group_by.empty()) group_slot(request.group_by);  // a bad value fails first

    std::set<std::string> extra_names;
    for (const auto& [name, slot] : extra_facets_) extra_names.insert(name);
    const ParsedQuery parsed = parse_query(request.query, extra_names);
    const MatchContext ctx{request, filter_query(request, parsed), chosen_facets(request),
                           deadline};
    BuiltQuery built;
    Match m = match_with_relaxation(parsed, ctx, built, resp);
    resp.total = m.total;
    resp.total_exact = m.total_exact;
    resp.facets = std::move(m.facets);

    unsigned rank = static_cast<unsigned>(request.group_by.empty() ? request.offset : 0);
    std::vector<SearchHit> hits;
    for (auto it = m.page.begin(); it != m.page.end(); ++it)
        hits.push_back(make_hit(it, ++rank, built.highlight_terms));
    if (request.group_by.empty())
        resp.results = std::move(hits);
    else
        group_hits(std::move(hits), request, resp);
    resp.elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return resp;
} catch (const Xapian::NetworkError& e) {
    throw IndexError(path_ + ": a remote shard is unreachable: " + e.get_description());
}

}  // namespace plan
