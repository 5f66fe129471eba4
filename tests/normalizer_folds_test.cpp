// Folds of the normalizer beyond NFKC: variant kanji (core/kanji_variants.inc) and the PDF
// look-alikes (dashes in katakana, spacing voiced marks), as one-line rows of input, normalized
// text and the original bytes a highlight covers; then properties of the table, and a query for
// one form finding a record written with the other through the real plan-index and plan-search.
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "japanese_analyzer.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

std::string utf8(char32_t c) {
    std::string out;
    icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
    return out;
}

// The original bytes behind the normalized text's [begin, end) bytes.
std::string original_of(const std::string& original, const NormalizedText& t, size_t begin,
                        size_t end) {
    const auto [ob, oe] = t.to_original(begin, end);
    return original.substr(ob, oe - ob);
}

struct FoldRow {
    const char* input;
    const char* normalized;
    const char* word;      // a part of `normalized` ...
    const char* original;  // ... and the bytes of `input` a highlight of it covers
};

// clang-format off
const FoldRow kFoldRows[] = {
    // Variant kanji: old forms (Jinmeiyō list), shapes of names, JIS variants.
    {"髙橋さん",          "高橋さん",         "高橋",     "髙橋"},
    {"澤田地区",          "沢田地区",         "沢田",     "澤田"},
    {"渡邊と渡邉と渡辺",  "渡辺と渡辺と渡辺", "渡辺と渡辺", "渡邊と渡邉"},
    {"宮﨑県",            "宮崎県",           "宮崎",     "宮﨑"},
    {"德島の國",          "徳島の国",         "国",       "國"},
    {"濱田と齋藤",        "浜田と斎藤",       "斎藤",     "齋藤"},
    {"齊藤",              "斉藤",             "斉",       "齊"},   // 齊 is 斉's old form, not 斎's
    {"藝術文化",          "芸術文化",         "芸術",     "藝術"},
    {"𠮟責と剝離",        "叱責と剥離",       "叱責",     "𠮟責"},  // Jōyō shapes → JIS X 0208
    {"沢 辺 高 崎 芸",    "沢 辺 高 崎 芸",   "辺",       "辺"},   // standard forms stay
    {"泽",                "泽",               "泽",       "泽"},   // no Chinese simplification
    {"吊り橋と弔問",      "吊り橋と弔問",     "吊り橋",   "吊り橋"}, // distinct words stay apart
    // Dashes and rules in katakana from PDF extraction.
    {"デ－タ活用",        "データ活用",       "データ",   "デ－タ"},
    {"サポートセンタ―",   "サポートセンター", "センター", "センタ―"},
    {"センタ─の運営",     "センターの運営",   "センター", "センタ─"},
    {"ボランティア━",     "ボランティアー",   "ー",       "━"},
    {"ﾃﾞｰﾀ‐ベース",       "データーベース",   "データー", "ﾃﾞｰﾀ‐"},
    {"ｾﾝﾀ-の整備",        "センターの整備",   "センター", "ｾﾝﾀ-"},
    {"ステップ－２",      "ステップ-2",       "-2",       "－２"},  // a hyphen before a digit
    {"タイプ-A",          "タイプ-a",         "-a",       "-A"},
    {"区域―全体",         "区域―全体",        "―",        "―"},    // not after katakana
    {"well-known",        "well-known",       "-",        "-"},
    // Voiced and semi-voiced marks written apart from their kana.
    {"ｳﾞｨｰｶﾞﾝ",           "ヴィーガン",       "ヴィ",     "ｳﾞｨ"},
    {"ウ゛ァイオリン",    "ヴァイオリン",     "ヴ",       "ウ゛"},
    {"う゛",              "ゔ",               "ゔ",       "う゛"},
    {"か゛んは゜る",      "がんぱる",         "がんぱ",   "か゛んは゜"},
};
// clang-format on

}  // namespace

TEST_CASE("variant kanji and PDF look-alikes fold, and a highlight covers the original bytes",
          "[analyzer][normalize][folds]") {
    const TextNormalizer n;
    for (const FoldRow& row : kFoldRows) {
        INFO("input: " << row.input);
        const NormalizedText t = n.normalize(row.input);
        CHECK(t.text == row.normalized);
        const size_t at = t.text.find(row.word);
        REQUIRE(at != std::string::npos);
        CHECK(original_of(row.input, t, at, at + std::string(row.word).size()) == row.original);
    }
}

TEST_CASE("every variant in the table folds to its standard form, which stays as it is",
          "[analyzer][normalize][folds]") {
    const TextNormalizer n;
    const auto table = TextNormalizer::kanji_variants();
    REQUIRE(table.size() > 900);
    std::set<char32_t> variants;
    for (const KanjiVariant& v : table) variants.insert(v.variant);
    for (const KanjiVariant& v : table) {
        INFO(utf8(v.variant) << " → " << utf8(v.standard));
        CHECK(variants.count(v.standard) == 0);  // a target is never itself folded
        const std::string text = "第" + utf8(v.variant) + "区";
        const NormalizedText t = n.normalize(text);
        CHECK(t.text == "第" + utf8(v.standard) + "区");
        CHECK(original_of(text, t, 3, t.text.size() - 3) == utf8(v.variant));
        CHECK(n.fold(t.text) == t.text);
    }
}

TEST_CASE("folding is idempotent on the corpus and on the look-alike rows",
          "[analyzer][normalize][folds]") {
    const TextNormalizer n;
    for (const FoldRow& row : kFoldRows) CHECK(n.fold(n.fold(row.input)) == n.fold(row.input));
    size_t lines = 0;
    for (const auto& entry : fs::directory_iterator(PLAN_CORPUS_DIR)) {
        if (entry.path().extension() != ".txt") continue;
        std::ifstream in(entry.path());
        for (std::string line; std::getline(in, line); ++lines) {
            const std::string once = n.fold(line);
            if (n.fold(once) != once) FAIL_CHECK("not idempotent: " << line);
        }
    }
    CHECK(lines > 1000);
}

TEST_CASE("the analyzer version names the folds, so an index built without them is refused",
          "[analyzer][folds]") {
    CHECK_THAT(default_analyzer().version(), Catch::Contains(TextNormalizer::folds_version()) &&
                                                 Catch::Contains("unihan-") &&
                                                 Catch::Contains("kanjidic2-"));
}

TEST_CASE("a query in one form of a kanji finds records written in the other",
          "[analyzer][folds][cli]") {
    const fs::path d = test::scratch("kanji-variants");
    {
        std::ofstream out(d / "records.jsonl");
        out << R"({"id":"old","name":"澤地区コミュニティセンタ―の改修","city":"金沢市"})"
            << "\n"
            << R"({"id":"new","name":"沢地区の防災訓練","city":"須坂市"})"
            << "\n"
            << R"({"id":"taka","name":"髙橋記念館の運営","city":"鹿児島市"})"
            << "\n"
            << R"({"id":"other","name":"広報紙の発行","city":"須坂市"})"
            << "\n";
    }
    const std::string index = "'" + (d / "index").string() + "'";
    REQUIRE(test::run(std::string(PLAN_INDEX_BIN) + " build --jsonl '" +
                      (d / "records.jsonl").string() + "' --index " + index)
                .exit_code == 0);
    auto query = [&](const std::string& q) {
        auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --index " + index + " --json '" +
                           q + "'");
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out);
    };
    auto ids = [](const nlohmann::json& j) {
        std::set<std::string> out;
        for (const auto& r : j["results"]) out.insert(r["id"].get<std::string>());
        return out;
    };
    const std::set<std::string> both{"old", "new"};
    CHECK(ids(query("澤地区")) == both);
    CHECK(ids(query("沢地区")) == both);
    const auto takahashi = query("高橋記念館");
    REQUIRE(ids(takahashi) == std::set<std::string>{"taka"});
    // The snippet marks the characters as written.
    CHECK_THAT(takahashi["results"][0]["snippet"].get<std::string>(),
               Catch::Contains("<mark>髙橋"));
    CHECK(ids(query("コミュニティセンター")) == std::set<std::string>{"old"});
}

TEST_CASE("okurigana fold to the kanji of the word, and only where they are okurigana",
          "[normalize][folds][okurigana]") {
    const std::pair<const char*, const char*> rows[] = {
        {"取り組み", "取組"},
        {"取組み", "取組"},
        {"取組む", "取組"},
        {"取組", "取組"},
        {"申し込み", "申込"},
        {"申込む", "申込"},
        {"届け出", "届出"},
        {"話し合い", "話合"},
        {"話合い", "話合"},
        {"手続き", "手続"},
        {"打ち合わせ", "打合"},
        {"打合せ", "打合"},
        {"見積り", "見積"},
        // kept: one kanji, kana first, more than one final kana (見積もり as 位置づけ: the
        // letters cannot tell okurigana from a word), no kanji at all, other scripts
        {"見積もり", "見積もり"},
        {"新しい", "新しい"},
        {"こども", "こども"},
        {"地域おこし", "地域おこし"},
        {"位置づけ", "位置づけ"},
        {"子どもたち", "子どもたち"},
        {"マイナンバー", "マイナンバー"},
        {"ＤＸ推進", "ＤＸ推進"},
        {"人々", "人々"},
    };
    for (const auto& [text, folded] : rows) {
        CAPTURE(text);
        std::string t = text;
        fold_okurigana(t);
        CHECK(t == folded);
    }
    // Both sides of the index: a query in one spelling finds the other's word term.
    for (const char* text : {"取組状況", "取り組み", "取組む"}) {
        CAPTURE(text);
        const auto terms = default_analyzer().analyze(text).terms;
        CHECK(std::any_of(terms.begin(), terms.end(), [](const AnalyzedTerm& t) {
            return t.family == TermFamily::Word && t.text == "取組";
        }));
    }
}
