// QueryBuilder on its own, without the corpus index: rows of {query text, strength, expected
// Xapian::Query description} over an in-memory database of a few documents, so that the choices
// that depend on term frequencies (is a kana chunk a known reading?) and on the synonym map are
// fixed. One row per behaviour, as xapian-core/tests/api_queryparser.cc does.
#include <catch2/catch.hpp>
#include <xapian.h>

#include "index_schema.h"
#include "japanese_analyzer.h"
#include "search/query_builder.h"
#include "search/query_parser.h"
#include "synonyms.h"

using namespace plan;

namespace {

// Terms the builder asks the database about: the readings こそだて and いじゅう are known, and the
// words the synonym map expands to are there.
Xapian::Database small_database() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& terms : std::vector<std::vector<std::string>>{
             {"W子育て", "Rこそだて", "W支援"},
             {"W移住", "Rいじゅう", "W定住"},
             {"K個人番号カード", "Wマイナンバーカード"},
         }) {
        Xapian::Document doc;
        for (const auto& t : terms) doc.add_term(t);
        db.add_document(doc);
    }
    db.commit();
    return db;
}

// One expansion per kind: a municipal equivalent, a variant, a synonym.
SynonymMap small_synonyms() {
    SynonymMap map;
    map.add("W移住", "W定住", SynonymKind::Synonym, false);
    map.add("Kマイナンバーカード", "K個人番号カード", SynonymKind::Equivalent, true);
    map.add("W子育て", "W子そだて", SynonymKind::Variant, false);
    return map;
}

struct Row {
    const char* query;
    QueryStrength strength;
    const char* expected;  // Xapian::Query::get_description()
};

constexpr auto S = QueryStrength::Strict;
constexpr auto R = QueryStrength::Relaxed;
constexpr auto B = QueryStrength::Bigram;
constexpr auto P = QueryStrength::Partial;

// clang-format off
const Row kRows[] = {
    // GENERATED-ROWS
};
// clang-format on

}  // namespace

TEST_CASE("query text becomes the expected Xapian query", "[query-builder]") {
    const Xapian::Database db = small_database();
    const SynonymMap synonyms = small_synonyms();
    const QueryBuilder builder(default_analyzer(), db, &synonyms);
    for (const Row& row : kRows) {
        CAPTURE(row.query, static_cast<int>(row.strength));
        const BuiltQuery built = builder.build(parse_query(row.query), row.strength);
        CHECK(built.query.get_description() == row.expected);
    }
}

TEST_CASE("a query of particles alone matches nothing rather than everything", "[query-builder]") {
    const Xapian::Database db = small_database();
    const QueryBuilder builder(default_analyzer(), db);
    const BuiltQuery built = builder.build(parse_query("の"), QueryStrength::Strict);
    CHECK(built.has_positive);
    CHECK_FALSE(built.query.empty());  // empty would mean "no text query": browse everything
    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    CHECK(enquire.get_mset(0, 10).size() == 0);
}

TEST_CASE("negations alone leave the builder's query empty", "[query-builder]") {
    const Xapian::Database db = small_database();
    const BuiltQuery built =
        QueryBuilder(default_analyzer(), db).build(parse_query("-移住"), QueryStrength::Strict);
    CHECK_FALSE(built.has_positive);
    CHECK(built.query.empty());
}

TEST_CASE("without a synonym map the database's synonym lists expand a word", "[query-builder]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.add_synonym("W移住", "W定住");
    db.commit();
    const BuiltQuery built =
        QueryBuilder(default_analyzer(), db).build(parse_query("移住"), QueryStrength::Strict);
    CHECK(built.highlight_terms.count("W定住") == 1);
}
