// The Japanese analyzer on its own: normalization with offsets, the user dictionary, terms by
// family, synonyms, thread safety, and `plan-search analyze`.
#include <catch2/catch.hpp>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <fstream>
#include <thread>

#include "index_schema.h"
#include "search/snippet.h"
#include "synonyms.h"
#include "test_support.h"

using namespace plan;
using test::has_term;

namespace {

const JapaneseAnalyzer& system_only_analyzer() {
    static const JapaneseAnalyzer a([] {
        AnalyzerOptions o = AnalyzerOptions::defaults();
        o.user_dict.clear();
        return o;
    }());
    return a;
}

const AnalyzedTerm* find_term(const Analysis& a, TermFamily family, const std::string& text) {
    for (const auto& t : a.terms)
        if (t.family == family && t.text == text) return &t;
    return nullptr;
}

std::vector<std::string> surfaces(const Analysis& a) {
    std::vector<std::string> out;
    for (const auto& t : a.tokens) out.push_back(t.surface);
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t e = s.find(sep, start);
        out.push_back(s.substr(start, e == std::string::npos ? std::string::npos : e - start));
        if (e == std::string::npos) break;
        start = e + 1;
    }
    return out;
}

std::string icu_nfkc_casefold(const std::string& s) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    std::string out;
    n->normalize(icu::UnicodeString::fromUTF8(s), status).toUTF8String(out);
    return out;
}

}  // namespace

// ---- Normalization ----

TEST_CASE("full-width letters and half-width katakana fold, offsets point at the original",
          "[analyzer][normalize]") {
    const std::string text = "市民がＳＮＳとｶﾀｶﾅで発信";
    Analysis a = default_analyzer().analyze(text);
    CHECK(a.normalized.text == "市民がsnsとカタカナで発信");
    const AnalyzedTerm* sns = find_term(a, TermFamily::Word, "sns");
    REQUIRE(sns);
    CHECK(text.substr(sns->begin, sns->end - sns->begin) == "ＳＮＳ");
    const AnalyzedTerm* kana = find_term(a, TermFamily::Word, "カタカナ");
    REQUIRE(kana);
    CHECK(text.substr(kana->begin, kana->end - kana->begin) == "ｶﾀｶﾅ");
}

TEST_CASE("a full-width query highlights the full-width letters of the text", "[analyzer][snippet]") {
    const std::string text = "市民リポーターがＳＮＳ等を活用して金沢の魅力を発信する";
    Analysis q = default_analyzer().analyze("ＳＮＳ");
    REQUIRE(q.tokens.size() == 1);
    std::set<std::string> terms{std::string(schema::kWord) + q.tokens[0].base};
    Snippet s = make_snippet(text, terms, default_analyzer());
    REQUIRE(s.marks.size() == 1);
    CHECK(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first) == "ＳＮＳ");
    CHECK(snippet_html(s).find("<mark>ＳＮＳ</mark>") != std::string::npos);
}

TEST_CASE("the fast path of the normalizer agrees with ICU's NFKC_Casefold", "[analyzer][normalize]") {
    std::string text;
    auto add_range = [&](UChar32 from, UChar32 to) {
        for (UChar32 c = from; c <= to; ++c) {
            if (c == 0x30FC || c == 0xFF70 || (c >= 0x309D && c <= 0x309E) ||
                (c >= 0x30FD && c <= 0x30FE))
                continue;  // long-vowel and iteration-mark rules differ on purpose
            icu::UnicodeString(c).toUTF8String(text);
        }
    };
    add_range(0x21, 0x7E);      // ASCII without space
    add_range(0xC0, 0x17F);     // Latin with diacritics
    add_range(0x2160, 0x2188);  // Roman numerals
    add_range(0x2460, 0x24FF);  // circled numbers and letters
    add_range(0x3041, 0x30FF);  // kana, with the combining voiced marks
    add_range(0x3200, 0x33FF);  // enclosed and squared CJK (㈱, ㍉)
    add_range(0x4E00, 0x4FFF);  // kanji
    add_range(0xF900, 0xFA2D);  // CJK compatibility ideographs
    add_range(0xFF01, 0xFFEE);  // full-width and half-width forms
    // Variant kanji fold on purpose (澤 → 沢): the expected text is NFKC_Casefold, then the table.
    icu::UnicodeString expected = icu::UnicodeString::fromUTF8(icu_nfkc_casefold(text)), folded;
    const auto variants = TextNormalizer::kanji_variants();
    for (int32_t i = 0; i < expected.length(); i += U16_LENGTH(expected.char32At(i))) {
        const UChar32 c = expected.char32At(i);
        const auto it = std::find_if(variants.begin(), variants.end(), [&](const KanjiVariant& v) {
            return v.variant == static_cast<char32_t>(c);
        });
        folded.append(it == variants.end() ? c : static_cast<UChar32>(it->standard));
    }
    std::string expected_text;
    folded.toUTF8String(expected_text);
    CHECK(TextNormalizer().fold(text) == expected_text);
}

TEST_CASE("kana iteration marks are expanded, 々 is kept", "[analyzer][normalize]") {
    TextNormalizer n;
    CHECK(n.fold("いすゞ") == "いすず");
    CHECK(n.fold("こゝろ") == "こころ");
    CHECK(n.fold("バナヽ") == "バナナ");
    CHECK(n.fold("人々") == "人々");
    NormalizedText t = n.normalize("いすゞ");
    CHECK(t.to_original(6, 9) == std::pair<size_t, size_t>{6, 9});  // ず comes from ゞ
}

TEST_CASE("letters spaced apart by PDF extraction are joined", "[analyzer][normalize]") {
    TextNormalizer n;
    CHECK(n.fold("E B P M推進事業") == "ebpm推進事業");
    CHECK(n.fold("SDG s 推進事業") == "sdgs推進事業");
    CHECK(n.fold("I o Tを活用") == "iotを活用");
    CHECK(n.fold("U I J ターン") == "uijターン");
    CHECK(n.fold("Robotic Process Automation") == "robotic process automation");
    CHECK(n.fold("基本目標 1 市民") == "基本目標 1 市民");
    NormalizedText t = n.normalize("E B P M");
    REQUIRE(t.text == "ebpm");
    CHECK(t.to_original(0, 4) == std::pair<size_t, size_t>{0, 7});
}

TEST_CASE("a trailing long vowel of a long katakana word does not matter", "[analyzer][normalize]") {
    const auto& an = default_analyzer();
    auto word = [&](const char* s) {
        Analysis a = an.analyze(s);
        REQUIRE(a.tokens.size() == 1);
        return a.tokens[0].base;
    };
    CHECK(word("サーバー") == word("サーバ"));
    CHECK(word("センター") == word("センタ"));
    CHECK(word("コンピューター") == word("コンピュータ"));
    CHECK(word("カー") == "カー");  // short words keep it
    CHECK(an.analyze("サーバー").tokens[0].reading == an.analyze("さーば").normalized.text);
}

// ---- User dictionary ----

TEST_CASE("every user dictionary entry changes the segmentation as intended", "[analyzer][dict]") {
    std::ifstream csv(std::string(PLAN_SEARCH_SOURCE_DIR) + "/dict/user-dict.csv");
    REQUIRE(csv);
    std::string line;
    int entries = 0;
    while (std::getline(csv, line)) {
        if (line.empty()) continue;
        ++entries;
        auto f = split(line, ',');
        REQUIRE(f.size() >= 14);
        const std::string surface = f[0];
        CAPTURE(surface);
        CHECK(f[13] == "USER");
        // Entries are matched against normalized text, so they must be normalized themselves.
        CHECK(default_analyzer().normalize(surface) == surface);

        Analysis with = default_analyzer().analyze(surface);
        Analysis without = system_only_analyzer().analyze(surface);
        REQUIRE(with.user_entries.size() == 1);
        CHECK(with.user_entries[0].surface == surface);
        CHECK(with.user_entries[0].user_dict);
        CHECK(with.user_entries[0].reading == katakana_to_hiragana(f[11]).substr(0, with.user_entries[0].reading.size()));
        // Listed parts are the tokens; one part equal to the entry keeps it whole.
        const std::vector<std::string> parts = f.size() > 14 ? split(f[14], '/') : surfaces(with);
        CHECK(surfaces(with) == parts);
        // Without our dictionary the text is cut otherwise, or is no unit of its own, or has
        // no reading (誘客 is an unknown word to IPADIC).
        std::string whole = surface;
        fold_long_vowel(whole);
        const bool unit_without = has_term(without, TermFamily::Word, whole);
        const bool reading_without = has_term(without, TermFamily::Reading, with.user_entries[0].reading);
        CHECK((surfaces(without) != surfaces(with) || !unit_without || !reading_without));
        CHECK(has_term(with, TermFamily::Word, whole));
    }
    CHECK(entries >= 30);
}

TEST_CASE("entries are found inside running text", "[analyzer][dict]") {
    Analysis a = default_analyzer().analyze("桜島地域に地域おこし協力隊を配置し、協働のまちづくりを進める");
    CHECK(has_term(a, TermFamily::Compound, "地域おこし協力隊"));
    CHECK(has_term(a, TermFamily::Compound, "協力隊"));
    CHECK(has_term(a, TermFamily::Word, "協力"));
    CHECK(has_term(a, TermFamily::Word, "協働"));
    Analysis sys = system_only_analyzer().analyze("協働のまちづくり");
    CHECK_FALSE(has_term(sys, TermFamily::Word, "協働"));  // IPADIC: 協 + 働

    Analysis b = default_analyzer().analyze("支障がない。障がいのある方");
    CHECK(has_term(b, TermFamily::Word, "支障"));  // 障がい does not steal from 支障
    CHECK(has_term(b, TermFamily::Word, "障がい"));
}

TEST_CASE("the analyzer uses IPADIC whatever mecabrc says", "[analyzer][dict]") {
    CHECK(default_analyzer().version().find("ipadic") != std::string::npos);
    CHECK(default_analyzer().version().find("userdict=none") == std::string::npos);
}

// ---- Terms ----

TEST_CASE("particles are not terms but keep their positions", "[analyzer][terms]") {
    Analysis a = default_analyzer().analyze("地域おこし協力隊を募集", 1000);
    REQUIRE(surfaces(a) == std::vector<std::string>{"地域おこし", "協力", "隊", "を", "募集"});
    CHECK(a.tokens[3].position == 1003);
    CHECK_FALSE(a.tokens[3].content);
    for (const auto& t : a.terms) CHECK(t.text != "を");
    const AnalyzedTerm* w = find_term(a, TermFamily::Word, "募集");
    REQUIRE(w);
    CHECK(w->position == 1004);
    CHECK(a.next_position == 1005);
}

TEST_CASE("compounds are indexed as parts and as the whole", "[analyzer][terms]") {
    Analysis a = default_analyzer().analyze("個人番号カードの交付窓口を拡大");
    for (const char* k : {"個人番号カード", "個人番号", "番号カード", "交付窓口"}) {
        CAPTURE(k);
        CHECK(has_term(a, TermFamily::Compound, k));
    }
    for (const char* w : {"個人", "番号", "カード", "交付", "窓口", "拡大"}) {
        CAPTURE(w);
        CHECK(has_term(a, TermFamily::Word, w));
    }
}

TEST_CASE("readings are hiragana so kana queries match kanji", "[analyzer][terms]") {
    CHECK(has_term(default_analyzer().analyze("子育て支援"), TermFamily::Reading, "こそだて"));
    CHECK(has_term(default_analyzer().analyze("町内会"), TermFamily::Reading, "ちょうないかい"));
    CHECK(has_term(default_analyzer().analyze("マイナンバーカード"), TermFamily::Reading, "まいなんば"));
}

TEST_CASE("bigrams cover partial words without making 京都 a word of 東京都", "[analyzer][terms]") {
    Analysis a = default_analyzer().analyze("東京都");
    CHECK(has_term(a, TermFamily::Bigram, "京都"));
    CHECK_FALSE(has_term(a, TermFamily::Word, "京都"));
    CHECK_FALSE(has_term(a, TermFamily::Compound, "京都"));
    CHECK_FALSE(has_term(a, TermFamily::Reading, "きょうと"));
    Analysis p = default_analyzer().analyze("広報紙、「市民」");
    CHECK(has_term(p, TermFamily::Bigram, "広報"));
    CHECK_FALSE(has_term(p, TermFamily::Bigram, "紙、"));  // not across punctuation
}

// ---- Synonyms ----

TEST_CASE("every synonym phrase has a key term and its group is stored in the corpus index",
          "[analyzer][synonyms]") {
    const auto groups = load_synonym_groups(default_synonyms_path());
    CHECK(groups.size() >= 40);
    Xapian::Database& db = test::corpus_searcher().database();
    for (const auto& g : groups) {
        std::vector<std::string> keys;
        for (const auto& m : g.members) {
            const std::string& p = m.phrase;
            CAPTURE(p);
            std::string k = schema::key_term(default_analyzer(), p);
            CHECK_FALSE(k.empty());
            if (!k.empty() && std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
        }
        CAPTURE(keys);
        CHECK(keys.size() == g.members.size());  // no two phrases of a group collapse into one term
        for (const auto& a : keys) {
            std::set<std::string> stored(db.synonyms_begin(a), db.synonyms_end(a));
            for (const auto& b : keys)
                if (a != b) CHECK(stored.count(b) == 1);
        }
    }
}

// ---- Threads ----

TEST_CASE("analyze() gives the same result from several threads at once", "[analyzer][threads]") {
    std::vector<std::string> lines;
    std::ifstream in(std::string(PLAN_CORPUS_DIR) + "/001_22e715c48aebffde.txt");
    for (std::string l; std::getline(in, l) && lines.size() < 200;)
        if (!l.empty()) lines.push_back(l);
    REQUIRE(lines.size() == 200);
    auto digest = [&](size_t from) {
        std::string d;
        for (size_t i = 0; i < lines.size(); ++i) {
            Analysis a = default_analyzer().analyze(lines[(i + from) % lines.size()]);
            for (const auto& t : a.terms) d += t.text + "@" + std::to_string(t.position) + " ";
            d += "\n";
        }
        return d;
    };
    const std::string expected = digest(0);
    std::vector<std::string> got(4);
    std::vector<std::thread> threads;
    for (size_t k = 0; k < got.size(); ++k) threads.emplace_back([&, k] { got[k] = digest(0); });
    for (auto& t : threads) t.join();
    for (const auto& g : got) CHECK(g == expected);
}

// ---- plan-search analyze ----

TEST_CASE("plan-search analyze prints tokens and terms, without an index", "[analyzer][cli]") {
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " analyze --json 'ＳＮＳで地域おこし協力隊を'");
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["normalized"] == "snsで地域おこし協力隊を");
    REQUIRE(j["tokens"].size() >= 5);
    CHECK(j["tokens"][0]["surface"] == "sns");
    CHECK(j["tokens"][0]["original"] == "ＳＮＳ");
    CHECK(j["tokens"][0]["start"] == 0);
    CHECK(j["tokens"][0]["end"] == 9);
    for (const char* key : {"surface", "base", "pos", "reading", "start", "end", "position"})
        CHECK(j["tokens"][0].contains(key));
    CHECK(j["user_entries"][0]["surface"] == "地域おこし協力隊");
    std::set<std::string> terms;
    for (const auto& t : j["terms"]) terms.insert(t["term"].get<std::string>());
    for (const char* t : {"Wsns", "K地域おこし協力隊", "K協力隊", "W協力", "Rきょうりょくたい", "B協力"})
        CHECK(terms.count(t) == 1);
    CHECK(terms.count("Wを") == 0);

    auto text = test::run(std::string(PLAN_SEARCH_BIN) + " analyze 協働");
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("normalized: 協働") && Catch::Contains("きょうどう") &&
                             Catch::Contains("W協働"));
}

namespace {

// The word, compound and reading terms of a text with their index prefixes, in the analyzer's
// order (bigrams left out: they are every pair of characters).
std::string index_terms(const std::string& text) {
    std::string out;
    for (const auto& t : default_analyzer().analyze(text).terms) {
        if (t.family == TermFamily::Bigram) continue;
        if (!out.empty()) out += ' ';
        out += std::string(schema::prefix_of(t.family)) + t.text;
    }
    return out;
}

struct TermRow {
    const char* text;
    const char* terms;  // W word, K compound, R reading; space-separated
};

// clang-format off
const TermRow kTermRows[] = {
    {"子育て支援", "W子育 Rこそだて W支援 Rしえん K子育て支援 Rこそだてしえん"},  // a noun run: its words and the whole as a compound
    {"子育て支援事業", "W子育 Rこそだて W支援 Rしえん W事業 Rじぎょう K子育て支援 Rこそだてしえん K子育て支援事業 K支援事業 Rしえんじぎょう"},  // three words: the two-word compounds have readings, the whole has none
    {"移住・定住", "W移住 Rいじゅう W定住 Rていじゅう"},  // ・ ends a noun run: no compound
    {"地域おこし協力隊", "W地域おこし Rちいきおこし W協力 Rきょうりょく W隊 Rたい W地域おこし協力隊 Rちいきおこしきょうりょくたい K地域おこし協力 Rちいきおこしきょうりょく K地域おこし協力隊 K協力隊 Rきょうりょくたい"},  // a user-dictionary entry: its parts, the whole, and the sub-runs
    {"マイナンバーカード", "Wマイナンバ Rまいなんば Wカード Rかーど Wマイナンバーカード Rまいなんばーかーど Kマイナンバーカード Rまいなんばかーど"},  // a long katakana word loses its trailing long vowel
    {"サーバー", "Wサーバ Rさーば"},  // サーバー and サーバ are one word
    {"ＳＮＳ活用", "Wsns W活用 Rかつよう Ksns活用"},  // full-width letters fold to lower-case ASCII
    {"子どもの居場所", "W子ども Rこども W居場所 Rいばしょ"},  // a particle is not a term and ends a noun run
    {"東京都", "W東京 Rとうきょう W都 Rと K東京都 Rとうきょうと"},  // 東京都 is 東京 + 都 and the compound
    {"最高裁判所", "W最高裁判所 Rさいこうさいばんしょ W最高 Rさいこう W裁判所 Rさいばんしょ"},  // a long word and its search-mode parts
    {"こそだて", ""},  // kana MeCab reads as function words: no word term (the query builder uses its reading)
    {"人々", "W人々 Rひとびと"},  // 々 is kept
    {"知りたい", "W知る Rしり"},  // a verb by its dictionary form; the auxiliary is no term
    {"ﾏｲﾅﾝﾊﾞｰ", "Wマイナンバ Rまいなんば"},  // half-width katakana folds to full-width
};
// clang-format on

}  // namespace

TEST_CASE("text becomes the expected index terms (one row per behaviour)", "[analyzer][terms]") {
    for (const TermRow& row : kTermRows) {
        CAPTURE(row.text);
        CHECK(index_terms(row.text) == row.terms);
    }
}
