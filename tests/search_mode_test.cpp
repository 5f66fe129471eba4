// What people type against what the plans print: search-mode parts of long words, katakana
// compounds with and without ・, readings for every word, sentence-like queries and thin answers.
// Table rows first (the analyzer alone), then properties over the whole corpus index.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "index_schema.h"
#include "present/analyze_output.h"
#include "test_support.h"

using namespace plan;
using test::has_term;

namespace {

struct TermRow {
    const char* text;
    TermFamily family;
    const char* term;
    bool present;
};

// One behaviour a row: the text, a term family, the term, and whether the analyzer makes it.
const TermRow kTermRows[] = {
    // A long dictionary noun is also its parts, as MeCab's costs cut it (Kuromoji's search mode).
    {"最高裁判所", TermFamily::Word, "最高裁判所", true},
    {"最高裁判所", TermFamily::Word, "裁判所", true},
    {"最高裁判所", TermFamily::Word, "最高", true},
    {"最高裁判所", TermFamily::Reading, "さいばんしょ", true},
    {"日本銀行", TermFamily::Word, "銀行", true},
    {"日本銀行", TermFamily::Word, "日本", true},
    // Parts come from a segmentation, not from substrings: 京都 is in none of these.
    {"東京都", TermFamily::Word, "京都", false},
    {"東京大学", TermFamily::Word, "京都", false},
    {"東京大学", TermFamily::Word, "大学", true},
    // Short words stay whole: no one-character or meaningless parts.
    {"センター", TermFamily::Word, "セン", false},
    {"市役所", TermFamily::Word, "役所", false},
    // An unknown katakana run is cut where IPADIC's words cover it (MeCab's costs choose how).
    {"パークアンドライド", TermFamily::Word, "パークアンドライド", true},
    {"パークアンドライド", TermFamily::Word, "パーク", true},
    // IPADIC keeps an unknown katakana run with its ・ as one word: it is the word without them,
    // as typed, and its pieces.
    {"パーク・アンド・ライド", TermFamily::Word, "パークアンドライド", true},
    {"パーク・アンド・ライド", TermFamily::Word, "ライド", true},
    {"パーク・アンド・ライド", TermFamily::Reading, "ぱーくあんどらいど", true},
    // Katakana words joined by ・ or ＝ make the compound typed without them (a final ー folds).
    {"ファミリー・サポート・センター", TermFamily::Compound, "ファミリーサポートセンタ", true},
    {"ファミリー＝サポート", TermFamily::Compound, "ファミリーサポート", true},
    // ・ between kanji words is a list, not a compound.
    {"移住・定住", TermFamily::Compound, "移住定住", false},
};

std::vector<std::string> ids(const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.record.id);
    return out;
}

SearchResponse search_all(const std::string& q, bool relax = false) {
    SearchRequest req;
    req.query = q;
    req.limit = 2000;
    req.facets = false;
    req.relax = relax;
    return test::corpus_searcher().search(req);
}

}  // namespace

TEST_CASE("search mode: the analyzer's terms, one row per behaviour", "[analyzer][search-mode]") {
    for (const auto& row : kTermRows) {
        Analysis a = default_analyzer().analyze(row.text);
        INFO(row.text << " -> " << family_name(row.family) << " " << row.term);
        CHECK(has_term(a, row.family, row.term) == row.present);
    }
}

TEST_CASE("a part's offsets point at its characters in the original text",
          "[analyzer][search-mode]") {
    const std::string text = "日本銀行の窓口";
    Analysis a = default_analyzer().analyze(text);
    const auto it = std::find_if(a.terms.begin(), a.terms.end(), [](const AnalyzedTerm& t) {
        return t.family == TermFamily::Word && t.text == "銀行";
    });
    REQUIRE(it != a.terms.end());
    CHECK(text.substr(it->begin, it->end - it->begin) == "銀行");
    // The part sits at the whole word's position, so phrases over the whole still match.
    const auto whole = std::find_if(a.terms.begin(), a.terms.end(), [](const AnalyzedTerm& t) {
        return t.family == TermFamily::Word && t.text == "日本銀行";
    });
    REQUIRE(whole != a.terms.end());
    CHECK(it->position == whole->position);
}

TEST_CASE("every part of every long word in the corpus finds its record", "[search-mode][corpus]") {
    size_t pairs = 0, found = 0;
    std::vector<std::string> misses;
    for (const auto& doc : test::corpus_records()) {
        for (const auto& rec : doc.records) {
            Analysis a = default_analyzer().analyze(rec.name + "\n" + rec.summary);
            for (const auto& tok : a.tokens) {
                for (const auto& part : tok.parts) {
                    if (pairs >= 300) break;
                    ++pairs;
                    SearchRequest req;
                    req.query = part.base;
                    req.filters["document"] = {rec.document.id};
                    req.limit = 2000;
                    req.facets = false;
                    req.relax = false;
                    const auto r = test::corpus_searcher().search(req);
                    const auto got = ids(r);
                    if (std::find(got.begin(), got.end(), rec.id) != got.end())
                        ++found;
                    else
                        misses.push_back(part.base + " in " + rec.id);
                }
            }
        }
    }
    INFO("parts tried: " << pairs << ", first misses: "
                         << (misses.empty() ? std::string("none") : misses.front()));
    REQUIRE(pairs >= 20);  // the corpus has long words: the property is not vacuous
    CHECK(found == pairs);
}

TEST_CASE("a kana query finds the projects that hold its kanji word",
          "[search-mode][kana][corpus]") {
    // Every kanji content word of the corpus's project names with a known reading of at
    // least three kana (shorter readings are mostly other words' too).
    std::map<std::string, std::string> reading_of;
    for (const auto& doc : test::corpus_records())
        for (const auto& rec : doc.records)
            for (const auto& tok : default_analyzer().analyze(rec.name).tokens)
                if (tok.content && !tok.reading.empty() && tok.reading != tok.surface &&
                    !is_all_katakana(tok.surface) && tok.reading.size() >= 9 &&
                    tok.surface == tok.base)
                    reading_of.emplace(tok.surface, tok.reading);
    size_t words = 0;
    double covered = 0;
    std::vector<std::string> weak;
    for (const auto& [kanji, kana] : reading_of) {
        if (words >= 150) break;
        // The projects that hold the word itself (a kanji query also finds its synonyms).
        std::vector<std::string> by_kanji;
        Xapian::Database& db = test::corpus_searcher().database();
        const std::string word = "W" + kanji;
        for (auto p = db.postlist_begin(word); p != db.postlist_end(word); ++p)
            by_kanji.push_back(schema::read_record(db.get_document(*p)).id);
        if (by_kanji.empty()) continue;
        const auto by_kana_list = ids(search_all(kana));
        const std::set<std::string> by_kana(by_kana_list.begin(), by_kana_list.end());
        size_t hit = 0;
        for (const auto& id : by_kanji) hit += by_kana.count(id);
        const double share = double(hit) / by_kanji.size();
        covered += share;
        if (share < 0.95)
            weak.push_back(kana + " finds " + std::to_string(hit) + "/" +
                           std::to_string(by_kanji.size()) + " of " + kanji);
        ++words;
    }
    INFO("words: " << words << ", below 95%: " << weak.size()
                   << (weak.empty() ? std::string() : ", e.g. " + weak.front()));
    REQUIRE(words >= 50);
    CHECK(covered / words >= 0.95);
}

TEST_CASE("no query made of a corpus noun answers empty", "[search-mode][corpus]") {
    std::set<std::string> nouns;
    for (const auto& doc : test::corpus_records())
        for (const auto& rec : doc.records)
            for (const auto& tok : default_analyzer().analyze(rec.name).tokens)
                if (tok.content && tok.pos.starts_with("名詞") && tok.surface.size() >= 6)
                    nouns.insert(tok.surface);
    size_t tried = 0;
    std::vector<std::string> empty;
    for (const auto& n : nouns) {
        if (tried++ >= 400) break;
        if (search_all(n, true).results.empty()) empty.push_back(n);
    }
    INFO("nouns tried: " << tried << ", empty: " << empty.size()
                         << (empty.empty() ? std::string() : ", e.g. " + empty.front()));
    CHECK(empty.empty());
}

TEST_CASE("a sentence typed into the box ranks by its topic words", "[query][sentence]") {
    // Wish and question endings weigh nothing; the answer is never thinner than a page while
    // projects match some of the words.
    SearchRequest req;
    req.query = "高齢者の見守りをしてほしい";
    req.limit = 10;
    req.facets = false;
    const auto r = test::corpus_searcher().search(req);
    REQUIRE(r.results.size() == 10);
    CHECK(r.relaxed);
    // The best match is about watching over the elderly, not about 高齢者 alone.
    CHECK(r.results.front().record.name.find("見守り") != std::string::npos);

    const auto with_intent = search_all("空き家について知りたい");
    const auto topic_only = search_all("空き家");
    CHECK(ids(with_intent) == ids(topic_only));
}

TEST_CASE("a thin strict answer is filled with partial matches after every strict one",
          "[query][relax]") {
    SearchRequest strict_req;
    strict_req.query = "移住 相談";
    strict_req.limit = 100;
    strict_req.facets = false;
    strict_req.relax = false;
    const auto strict = test::corpus_searcher().search(strict_req);
    REQUIRE(strict.total > 0);
    REQUIRE(strict.total < 20);
    SearchRequest req = strict_req;
    req.relax = true;
    req.limit = 20;
    const auto r = test::corpus_searcher().search(req);
    CHECK(r.relaxed);
    REQUIRE(r.results.size() == 20);
    // The strict matches come first, in any order.
    const auto strict_ids = ids(strict);
    const std::set<std::string> strict_set(strict_ids.begin(), strict_ids.end());
    for (size_t i = 0; i < strict_ids.size(); ++i)
        CHECK(strict_set.count(r.results[i].record.id) == 1);
}
