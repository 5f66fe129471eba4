// match_set_query: the weightless counting pass matches exactly what the ranked query matches,
// without the parts that only weigh. A table of rewrites (as in Xapian's api_queryparser.cc),
// then the same documents for queries the searcher builds over the corpus index.
#include "search/match_set.h"

#include <catch2/catch.hpp>
#include <set>

#include "search/query_builder.h"
#include "search/query_parser.h"
#include "test_support.h"

using namespace plan;
using Q = Xapian::Query;

namespace {

Q scaled(const Q& q, double factor) { return Q(Q::OP_SCALE_WEIGHT, q, factor); }

/// A synonym tier as QueryBuilder::term_with_synonyms makes it: the wider set, scaled, without
/// the documents a closer tier holds.
Q tier(std::initializer_list<const char*> members, std::initializer_list<const char*> closer) {
    std::vector<Q> m(members.begin(), members.end()), c(closer.begin(), closer.end());
    return Q(Q::OP_AND_NOT, scaled(Q(Q::OP_SYNONYM, m.begin(), m.end()), 0.8),
             c.size() == 1 ? c[0] : Q(Q::OP_OR, c.begin(), c.end()));
}

struct Rewrite {
    Q query;
    const char* expected;  // Xapian's description of the rewritten query
};

std::set<Xapian::docid> documents(const Xapian::Database& db, const Q& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::set<Xapian::docid> out;
    for (auto it = enquire.get_mset(0, db.get_doccount()).begin(); it != Xapian::MSetIterator();
         ++it)
        out.insert(*it);
    return out;
}

}  // namespace

TEST_CASE("what only weighs is left out of the match set", "[match-set]") {
    const Rewrite cases[] = {
        {Q("Wa"), "Query(Wa)"},
        {scaled(Q("Wa"), 3), "Query(Wa)"},
        // the name boost: an optional side never adds a match
        {Q(Q::OP_AND_MAYBE, Q("Wa"), scaled(Q("Na"), 2)), "Query(Wa)"},
        {Q(Q::OP_SYNONYM, Q("Wa"), Q("Wb")), "Query((Wa OR Wb))"},
        // synonym tiers: each holds back what a closer tier holds, all of it matched earlier
        {Q(Q::OP_OR, Q("Wa"), tier({"Wa", "Wb"}, {"Wa"})), "Query((Wa OR Wb))"},
        {Q(Q::OP_OR, Q(Q::OP_OR, Q("Wa"), tier({"Wa", "Wb"}, {"Wa"})),
           tier({"Wa", "Wb", "Wc"}, {"Wa", "Wb"})),
         "Query((Wa OR Wb OR Wc))"},
        // an exclusion of what no earlier alternative matches stays
        {Q(Q::OP_OR, Q("Wa"), tier({"Wb", "Wc"}, {"Wb"})),
         "Query((Wa OR ((Wb OR Wc) AND_NOT Wb)))"},
        {Q(Q::OP_OR, tier({"Wa", "Wb"}, {"Wa"}), Q("Wa")),
         "Query((((Wa OR Wb) AND_NOT Wa) OR Wa))"},
        // a user's exclusion stays whole
        {Q(Q::OP_AND_NOT, scaled(Q("Wa"), 2), Q(Q::OP_AND_MAYBE, Q("Wb"), Q("Nb"))),
         "Query((Wa AND_NOT (Wb AND_MAYBE Nb)))"},
        // an intersection with a superset of terms is the subset
        {Q(Q::OP_FILTER, Q(Q::OP_SYNONYM, Q("Wa"), Q("Wb")), Q("Wb")), "Query(Wb)"},
        {Q(Q::OP_AND, Q("Wa"), Q("Wb")), "Query((Wa AND Wb))"},
        {Q(Q::OP_AND, Q("Wa"), Q("Wa")), "Query(Wa)"},
        // phrases keep their positions
        {Q(Q::OP_PHRASE, Q("Wa"), Q("Wb")), "Query((Wa PHRASE 2 Wb))"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.query.get_description());
        CHECK(match_set_query(c.query).get_description() == c.expected);
    }
}

TEST_CASE("the match set of a built query holds exactly its documents", "[match-set]") {
    PlanSearcher& s = test::corpus_searcher();
    const Xapian::Database& db = s.database();
    const QueryBuilder builder(default_analyzer(), db);
    // Words with synonym tiers, readings, compounds and parts, sentences, exclusions, phrases.
    const char* queries[] = {"地域",
                             "地域 事業",
                             "こそだて",
                             "まち",
                             "障がい",
                             "マイナンバーカード",
                             "ゴミ 減量",
                             "協力隊",
                             "移住 -東京",
                             "\"移住支援\"",
                             "自治会 OR 町内会",
                             "引っ越してきた人への支援を知りたい",
                             "ｽﾎﾟｰﾂ",
                             "空家"};
    size_t expansions = 0;
    for (const char* text : queries)
        for (auto strength : {QueryStrength::Strict, QueryStrength::Relaxed}) {
            CAPTURE(text, static_cast<int>(strength));
            const Q q = builder.build(parse_query(text), strength).query;
            if (q.empty()) continue;
            const Q m = match_set_query(q);
            if (m.get_description() != q.get_description()) ++expansions;
            CHECK(documents(db, m) == documents(db, q));
        }
    CHECK(expansions > 10);  // the rewrite had something to leave out
}
