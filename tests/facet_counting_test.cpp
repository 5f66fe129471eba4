// Exact answers from the fast paths: the facet counts of the in-memory ordinal spy equal Xapian's
// own ValueCountMatchSpy over the same match set, and a page that Xapian was allowed to prune
// (with the patched library) is the head of the full ranking, with the full visit's total.
#include <catch2/catch.hpp>
#include <set>

#include "index_schema.h"
#include "search/facets.h"
#include "search/main_entry_source.h"
#include "test_support.h"
#include "xapian_pruning.h"

using namespace plan;
using Q = Xapian::Query;

namespace {

/// Queries drawn from the corpus itself: one, two and three words of project names, plain and
/// with OR, so the sample covers rare and common words without hand-picking.
std::vector<std::string> corpus_queries(size_t n) {
    std::vector<std::string> words;
    std::set<std::string> seen;
    for (const auto& doc : test::corpus_records())
        for (const auto& rec : doc.records)
            for (const auto& token : default_analyzer().analyze(rec.name).tokens)
                if (token.content && token.surface.size() >= 6 && seen.insert(token.surface).second)
                    words.push_back(token.surface);
    std::vector<std::string> out;
    for (size_t i = 0; out.size() < n && i + 2 < words.size(); i += words.size() / n + 1) {
        out.push_back(words[i]);
        out.push_back(words[i] + " OR " + words[i + 1]);
        out.push_back(words[i] + " " + words[i + 2] + " " + words[i + 1]);
    }
    return out;
}

/// Xapian's ValueCountMatchSpy counts over exactly these records (by id).
FacetCounts stock_counts(PlanSearcher& s, const std::vector<SearchHit>& hits,
                         const std::vector<FacetDefinition>& defs) {
    std::vector<Q> ids;
    for (const auto& h : hits) ids.emplace_back(schema::filter_term(schema::kId, h.record.id));
    Xapian::Enquire enquire(s.database());
    enquire.set_query(Q(Q::OP_OR, ids.begin(), ids.end()));
    FacetSpies spies(defs);
    spies.attach(enquire);
    enquire.get_mset(0, 0, s.database().get_doccount());
    return spies.counts();
}

}  // namespace

TEST_CASE("facet counts of the ordinal spy equal Xapian's ValueCountMatchSpy over the match set",
          "[facets]") {
    PlanSearcher& s = test::corpus_searcher();
    const auto defs = facet_definitions({}, s.database());
    auto queries = corpus_queries(30);
    queries.push_back("");  // every record
    for (const auto& q : queries) {
        CAPTURE(q);
        SearchRequest r;
        r.query = q;
        r.relax = false;  // a thin answer is relaxed by the page size: one meaning for both pages
        r.limit = 5000;
        const SearchResponse all = s.search(r);
        REQUIRE(all.results.size() == all.total);
        const FacetCounts expected = stock_counts(s, all.results, defs);
        for (const auto& d : defs) {
            CAPTURE(d.name);
            const auto& got = all.facets.at(d.name);
            const auto& want = expected.at(d.name);
            REQUIRE(got.size() == want.size());
            for (size_t i = 0; i < got.size(); ++i) {
                CHECK(got[i].value == want[i].value);
                CHECK(got[i].count == want[i].count);
            }
        }
        // A short page counts the same facets and the same total (the pruned page plus the
        // weightless counting pass).
        r.limit = 3;
        const SearchResponse page = s.search(r);
        CHECK(page.total == all.total);
        CHECK(page.total_exact);
        for (const auto& d : defs) {
            const auto& a = page.facets.at(d.name);
            const auto& b = all.facets.at(d.name);
            REQUIRE(a.size() == b.size());
            for (size_t i = 0; i < a.size(); ++i)
                CHECK((a[i].value == b[i].value && a[i].count == b[i].count));
        }
    }
}

TEST_CASE("a pruned page is the head of the full ranking, with the full visit's total",
          "[paging][facets]") {
    PlanSearcher& s = test::corpus_searcher();
    for (const auto& q : corpus_queries(60)) {
        CAPTURE(q);
        SearchRequest r;
        r.query = q;
        r.facets = false;
        r.relax = false;
        r.limit = 5000;
        const SearchResponse whole = s.search(r);
        for (size_t limit : {1, 3, 10}) {
            CAPTURE(limit);
            r.limit = limit;
            const SearchResponse page = s.search(r);
            CHECK(page.total == whole.total);
            CHECK(page.total_exact);
            REQUIRE(page.results.size() == std::min(limit, whole.results.size()));
            for (size_t i = 0; i < page.results.size(); ++i) {
                CHECK(page.results[i].record.id == whole.results[i].record.id);
                CHECK(page.results[i].score == Approx(whole.results[i].score));
            }
        }
    }
}

TEST_CASE("the linked Xapian prunes without losing documents (patches/xapian-core)", "[xapian]") {
    // Stock 1.4.22 loses a better document when an AND_MAYBE decays to AND; the searcher then
    // visits every match instead (slower, still exact). CI links the patched build; built with
    // -DPLAN_XAPIAN_PREFIX=system (PLAN_XAPIAN_PATCHED 0) the stock library must say no.
    CHECK(xapian_pruning_is_exact() == bool(PLAN_XAPIAN_PATCHED));
}

TEST_CASE("the in-memory main-entry boost weighs and matches as Xapian's value-slot source",
          "[ranking]") {
    PlanSearcher& s = test::corpus_searcher();
    const Xapian::Database& db = s.database();
    const auto entries = std::make_shared<const MainEntries>(db);
    CHECK(entries->count() > 0);
    CHECK(entries->count() < db.get_doccount());  // the corpus has re-listed copies (再掲)
    auto stock = [] {
        return Q((new Xapian::ValueWeightPostingSource(schema::kSlotMainEntry))->release());
    };
    auto ours = [&] { return Q((new MainEntrySource(entries))->release()); };
    for (const auto& text : corpus_queries(30)) {
        CAPTURE(text);
        std::vector<Q> words;
        for (const auto& t : default_analyzer().analyze(text).terms)
            if (t.family == TermFamily::Word) words.emplace_back(std::string(schema::kWord) + t.text);
        REQUIRE(!words.empty());
        const Q q(Q::OP_OR, words.begin(), words.end());
        // As the searcher boosts (AND_MAYBE), and as a filter (AND: check() and skip_to()).
        for (Q::op op : {Q::OP_AND_MAYBE, Q::OP_AND, Q::OP_OR}) {
            CAPTURE(int(op));
            auto mset = [&](const Q& source, Xapian::doccount size) {
                Xapian::Enquire e(db);
                e.set_query(Q(op, q, Q(Q::OP_SCALE_WEIGHT, source, 0.5)));
                return e.get_mset(0, size, db.get_doccount());
            };
            for (Xapian::doccount size : {3u, 10u, db.get_doccount()}) {
                const Xapian::MSet a = mset(stock(), size), b = mset(ours(), size);
                REQUIRE(a.size() == b.size());
                CHECK(a.get_matches_estimated() == b.get_matches_estimated());
                for (Xapian::doccount i = 0; i < a.size(); ++i) {
                    CHECK(*a[i] == *b[i]);
                    CHECK(a[i].get_weight() == Approx(b[i].get_weight()));
                }
            }
        }
    }
}
