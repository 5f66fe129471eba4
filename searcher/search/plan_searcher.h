/** @file plan_searcher.h
 *  @brief PlanSearcher: an open index plus the analyzer; SearchRequest in, SearchResponse out.
 *
 *  Opens a Xapian database (a folder, a symlinked generation, or a stub listing shards), checks
 *  that it was built by this analyzer, and answers ranked queries with exact facet counts,
 *  snippets, sorting, paging and grouping. Thread-compatible: use one PlanSearcher per thread.
 */
#pragma once

#include <xapian.h>

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "errors.h"  // IndexError, SearchTimeLimit
#include "facets.h"
#include "index_snapshot.h"
#include "japanese_analyzer.h"
#include "query_builder.h"
#include "query_parser.h"
#include "search_request.h"
#include "synonyms.h"

namespace plan {

/// What is left of a search's time limit, counted from construction. Xapian 1.4 stops visiting
/// every match (check_at_least: exact ranking, counts) once Enquire::set_time_limit passes, so a
/// search that reaches the deadline would answer inexactly: seconds_left() throws instead.
class SearchDeadline {
  public:
    explicit SearchDeadline(std::optional<double> limit_ms)
        : limit_ms_(limit_ms), start_(std::chrono::steady_clock::now()) {}
    /// For Enquire::set_time_limit: 0 without a limit. Throws SearchTimeLimit when none is left.
    double seconds_left() const;

  private:
    std::optional<double> limit_ms_;
    std::chrono::steady_clock::time_point start_;
};

/// Enquire::get_mset visiting every match (check_at_least = the document count): exact ranking,
/// totals and facet counts. Without it Xapian 1.4.22 skips documents by max-weight bounds once the
/// page fills, and with our scaled subqueries that skip sometimes drops a better match (1 query in
/// 700 of the scale simulation lost a top-10 hit). Throws SearchTimeLimit past the deadline.
Xapian::MSet exact_mset(Xapian::Enquire& enquire, const Xapian::Database& db,
                        Xapian::doccount first, Xapian::doccount max_items,
                        const SearchDeadline& deadline);

/// Enquire::get_mset for the best max_items from first, letting Xapian skip documents by weight
/// bounds when the linked library does so without losing any (xapian_pruning_is_exact: the
/// patched build in patches/xapian-core); with a stock library, exact_mset. Only the page is
/// exact: the match counts are estimates.
Xapian::MSet ranked_mset(Xapian::Enquire& enquire, const Xapian::Database& db,
                         Xapian::doccount first, Xapian::doccount max_items,
                         const SearchDeadline& deadline);

class PlanSearcher {
  public:
    /// Throws IndexError with a clear message when the index is unusable.
    PlanSearcher(const std::string& index_path, const JapaneseAnalyzer& analyzer);

    SearchResponse search(const SearchRequest& request);
    /// The record with this id, or nullopt.
    std::optional<ProjectRecord> find(const std::string& id);
    /// Every facet with all its values over the whole index.
    FacetCounts all_facets();

    /// Re-open the database if a newer revision was switched in; true when it changed.
    bool reopen();
    Xapian::Database& database() { return db_; }
    const JapaneseAnalyzer& analyzer() const { return analyzer_; }
    const std::string& index_path() const { return path_; }
    /// Records in the index.
    size_t record_count() const { return db_.get_doccount(); }
    /// The index's synonym map (from its metadata), or null for an index without one.
    const SynonymMap* synonym_map() const { return synonyms_ ? &*synonyms_ : nullptr; }
    /// Revision of the opened index (changes with every build).
    std::string revision() const;

  private:
    std::string path_;
    std::string generation_;  // for a symlinked index: the generation folder that is open
    const JapaneseAnalyzer& analyzer_;
    Xapian::Database db_;
    std::map<std::string, Xapian::valueno> extra_facets_;
    std::vector<FacetDefinition> facet_defs_;
    std::optional<SynonymMap> synonyms_;       // slots in use, fixed per opened index
    std::shared_ptr<IndexSnapshot> snapshot_;  // shared with the other searchers of this revision
    bool has_remote_shards_ = false;           // facets then counted in a pass of their own

    struct Match;
    struct MatchContext;

    void open_generation();
    /// Whether index_path names a symlinked generation other than the one open.
    bool generation_switched() const;
    /// Checks the opened index and reads what this program derives from its metadata.
    void check_compatible();
    std::vector<std::string> resolve_filter(const std::string& name, const std::string& value);
    /// Term prefix of a filter: a fixed facet's, or XE<name>= for an extra facet; "" if unknown.
    std::string filter_term_prefix(const std::string& name) const;

    // The steps of search(), in order.
    Xapian::Query filter_query(const SearchRequest& request, const ParsedQuery& parsed);
    std::vector<FacetDefinition> chosen_facets(const SearchRequest& request) const;
    Match match_with_relaxation(const ParsedQuery& parsed, const MatchContext& ctx,
                                BuiltQuery& built, SearchResponse& resp);
    void widen_by_feedback(const Xapian::Query& ranked, const MatchContext& ctx, BuiltQuery& built,
                           Match& m, SearchResponse& resp);
    Xapian::Query negations_only(const ParsedQuery& parsed);
    Match match(const Xapian::Query& text_query, const MatchContext& ctx);
    Xapian::Query ranked_query(const Xapian::Query& text_query, const MatchContext& ctx) const;
    FacetCounts count_matches(Xapian::Enquire& enquire, const MatchContext& ctx,
                              Xapian::doccount& total, Xapian::MSet* page = nullptr,
                              Xapian::doccount first = 0, Xapian::doccount count = 0);
    SearchHit make_hit(const Xapian::MSetIterator& it, unsigned rank,
                       const std::set<std::string>& highlight_terms) const;
};

}  // namespace plan
