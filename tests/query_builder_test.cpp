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
#include "test_support.h"

using namespace plan;

namespace {

// Terms the builder asks the database about: the readings こそだて, いじゅう and こうほう are in
// its lexicon, the words the synonym map expands to are there, and 事業 is in most records. 預かる,
// 生きる and 生む share a kanji with query verbs.
Xapian::Database small_database() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    schema::store_readings(db, {{"こそだて", {"W子育"}},
                                {"いじゅう", {"W移住"}},
                                {"こうほう", {"W広報", "K広報紙", "W後方"}}});
    for (const auto& terms : std::vector<std::vector<std::string>>{
             {"W子育", "W支援", "W事業"},
             {"W移住", "W定住", "W広報", "W預かる", "W生きる", "W生む", "W生活"},
             {"K個人番号カード", "Wマイナンバーカード"},
             {"W事業"},  // in 3 of 5 records: common (a relaxed query only scores it)
             {"W事業"},
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
    map.add("W子育", "W子そだて", SynonymKind::Variant, false);
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
    // a common word (事業, in 3 of 5 records) only scores in a relaxed query: 支援 must match
    {"事業 支援", R,
     "Query(((W支援 AND_MAYBE 1.6000000000000000888 * N支援) AND_MAYBE (W事業 AND_MAYBE 1.6000000000000000888 * N事業)))"},
    {"事業支援", R,
     "Query((((W支援 AND_MAYBE W事業) OR 3 * K事業支援) AND_MAYBE 1.6000000000000000888 * (N事業 OR N支援 OR N事業支援)))"},
    // ... unless it is all there is
    {"事業", R, "Query((W事業 AND_MAYBE 1.6000000000000000888 * N事業))"},
    {"事業 支援", S,
     "Query(((W事業 AND_MAYBE 1.6000000000000000888 * N事業) AND (W支援 AND_MAYBE 1.6000000000000000888 * N支援)))"},
    // one word: its synonym tier (kind Synonym, 0.7) and the name boost
    {"移住", S,
     "Query(((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住))"},
    // two words: AND
    {"移住 支援", S,
     "Query((((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住) AND (W支援 AND_MAYBE 1.6000000000000000888 * N支援)))"},
    // OR: either clause
    {"移住 OR 定住", S,
     "Query((((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住) OR (W定住 AND_MAYBE 1.6000000000000000888 * N定住)))"},
    // -word: AND_NOT, built strict
    {"移住 -東京", S,
     "Query((((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住) AND_NOT (W東京 AND_MAYBE 1.6000000000000000888 * N東京)))"},
    // a quoted phrase: positions, the particle's place kept (window 3)
    {"\"子どもの居場所\"", S,
     "Query((W子ども PHRASE 3 W居場所))"},
    // a quoted run of nouns: the words in order, or the compound term (headings have no positions)
    {"\"移住支援金\"", S,
     "Query(((W移住 PHRASE 3 W支援 PHRASE 3 W金) OR K移住支援金))"},
    // a field filter is the searcher's, not part of the text query
    {"移住 city:金沢市", S,
     "Query(((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住))"},
    // katakana compound: words with readings, the compound with its municipal equivalent, the chunk's reading
    {"マイナンバーカード", S,
     "Query(((((Wマイナンバ OR Rまいなんば) AND (Wカード OR Rかーど)) OR 3 * (Kマイナンバーカード SYNONYM K個人番号カード) OR 3 * Rまいなんばーかーど) AND_MAYBE 1.6000000000000000888 * (Nマイナンバ OR Nカード OR Nマイナンバーカード OR N個人番号カード)))"},
    // katakana with ・: the whole word or its parts (no reading: the surface is not all katakana)
    {"パーク・アンド・ライド", S,
     "Query(((Wパークアンドライド OR (Wパーク AND Wアンド AND Wライド)) AND_MAYBE 1.6000000000000000888 * Nパークアンドライド))"},
    // the same without ・: MeCab's search-mode parts differ (アンドラ|イド); the whole word matches both
    {"パークアンドライド", S,
     "Query((((Wパークアンドライド OR (Wパーク AND Wアンドラ AND Wイド) OR Rぱーくあんどらいど) OR 3 * Rぱーくあんどらいど) AND_MAYBE 1.6000000000000000888 * Nパークアンドライド))"},
    // a hiragana reading the index knows stands alone, for the terms its lexicon has
    {"こそだて", S,
     "Query(3 * W子育)"},
    // ... all of them, as one term
    {"こうほう", S,
     "Query(3 * (K広報紙 SYNONYM W広報 SYNONYM W後方))"},
    // a hiragana chunk the index does not know: its pieces or its reading
    {"ちょうないかい", S,
     "Query(((((Wちょう OR Rちょう) AND (Wない OR Rない)) OR 3 * Rちょうないかい) AND_MAYBE 1.6000000000000000888 * (Nちょう OR Nない)))"},
    // a long word: the whole or its search-mode parts
    {"最高裁判所", S,
     "Query(((W最高裁判所 OR (W最高 AND W裁判所)) AND_MAYBE 1.6000000000000000888 * N最高裁判所))"},
    // a sentence: particles and intent words (知りたい) dropped; a variant tier (0.9)
    {"子育て支援について知りたい", S,
     "Query((((W子育 OR ((0.9000000000000000222 * (W子育 SYNONYM W子そだて) FILTER W子そだて) AND_NOT W子育)) AND W支援) AND_MAYBE 1.6000000000000000888 * (N子育 OR N支援)))"},
    // a variant synonym
    {"子育て", S,
     "Query(((W子育 OR ((0.9000000000000000222 * (W子育 SYNONYM W子そだて) FILTER W子そだて) AND_NOT W子育)) AND_MAYBE 1.6000000000000000888 * N子育))"},
    // a verb: the index's words of its stem (預 read あず) in the synonym tier, 預かる for 預ける
    {"預けたい", S,
     "Query(((W預ける OR ((0.69999999999999995559 * (W預ける SYNONYM W預かる) FILTER W預かる) AND_NOT W預ける)) AND_MAYBE 1.6000000000000000888 * N預ける))"},
    // ... of the same reading only: 生む (う) for 生まれる, not 生きる (い), nor 生活 (no kana)
    {"生まれる", S,
     "Query(((W生まれる OR ((0.69999999999999995559 * (W生まれる SYNONYM W生む) FILTER W生む) AND_NOT W生まれる)) AND_MAYBE 1.6000000000000000888 * N生まれる))"},
    // particles alone: nothing (not the empty query, which browses everything)
    {"の", S,
     "Query((<alldocuments> AND_NOT <alldocuments>))"},
    // a user-dictionary compound: its words or the whole compound
    {"地域おこし協力隊", S,
     "Query((((W地域おこし AND W協力 AND W隊) OR 3 * K地域おこし協力隊) AND_MAYBE 1.6000000000000000888 * (N地域おこし OR N協力 OR N隊 OR N地域おこし協力隊)))"},
    // Relaxed: any item, and each pair held weighs again at half (coordination)
    {"移住 支援", R,
     "Query(((((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住) OR (W支援 AND_MAYBE 1.6000000000000000888 * N支援)) AND_MAYBE 0.5 * (((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住) AND (W支援 AND_MAYBE 1.6000000000000000888 * N支援))))"},
    // Relaxed with a negation
    {"移住 OR 定住 -東京", R,
     "Query(((((W移住 OR ((0.69999999999999995559 * (W移住 SYNONYM W定住) FILTER W定住) AND_NOT W移住)) AND_MAYBE 1.6000000000000000888 * N移住) OR (W定住 AND_MAYBE 1.6000000000000000888 * N定住)) AND_NOT (W東京 AND_MAYBE 1.6000000000000000888 * N東京)))"},
    // Bigram: every character bigram
    {"レンタサイクル", B,
     "Query((Bレン AND Bンタ AND Bタサ AND Bサイ AND Bイク AND Bクル))"},
    // Bigram of a two-character word: one bigram
    {"京都", B,
     "Query(B京都)"},
    // Partial: any two bigrams
    {"レンタサイクル", P,
     "Query(((Bレン AND Bンタ) OR (Bレン AND Bタサ) OR (Bレン AND Bサイ) OR (Bレン AND Bイク) OR (Bレン AND Bクル) OR (Bンタ AND Bタサ) OR (Bンタ AND Bサイ) OR (Bンタ AND Bイク) OR (Bンタ AND Bクル) OR (Bタサ AND Bサイ) OR (Bタサ AND Bイク) OR (Bタサ AND Bクル) OR (Bサイ AND Bイク) OR (Bサイ AND Bクル) OR (Bイク AND Bクル)))"},
    // Partial leaves a phrase exact: nothing
    {"\"移住支援\"", P,
     "Query((<alldocuments> AND_NOT <alldocuments>))"},
    // Partial of one bigram: nothing (京都 cannot reach 東京都 this way)
    {"移住", P,
     "Query((<alldocuments> AND_NOT <alldocuments>))"},
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
    // On disk: the in-memory backend keeps no synonyms.
    Xapian::WritableDatabase db((test::scratch("query-builder") / "db").string(),
                                Xapian::DB_CREATE);
    db.add_synonym("W移住", "W定住");
    db.commit();
    const BuiltQuery built =
        QueryBuilder(default_analyzer(), db).build(parse_query("移住"), QueryStrength::Strict);
    CHECK(built.query.get_description() ==
          "Query(((W移住 SYNONYM W定住) AND_MAYBE 1.6000000000000000888 * (N移住 OR N定住)))");
}
