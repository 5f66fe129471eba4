// Query → expected project over the corpus index: what citizens and staff type (hiragana,
// full-width, partial words, other spellings, abbreviations, another city's word) must find
// the project that the plan writes differently. Expected names were found by reading corpus/*.txt.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace plan;

namespace {

struct QueryCase {
    const char* query;
    const char* expected_name_part;  // a substring of the expected project's name
    size_t top;                      // it must be within the first `top` results
    const char* kind;
};

const QueryCase kCases[] = {
    {"こそだて", "子育て", 3, "hiragana"},
    {"まいなんばー", "住民記録システム等改修事業", 3, "hiragana"},
    // きょうどう is also 共同: with 大船渡市 in the collection 男女共同… projects share the
    // reading.
    {"きょうどう", "協働のまち", 10, "hiragana"},
    {"しょうがいしゃ", "障害者雇用", 3, "hiragana"},
    {"かごしま", "かごしま", 3, "hiragana"},
    {"いじゅう", "移住", 3, "hiragana"},
    {"ちょうないかい", "町内会", 3, "hiragana"},
    {"マイナンバー", "住民記録システム等改修事業", 3, "katakana"},
    {"ネーミングライツ", "ネーミングライツ", 3, "katakana"},
    {"センタ", "センター", 3, "katakana"},
    {"コーディネータ", "コーディネーター", 3, "katakana"},
    {"ＳＮＳ", "SNSを活用した市政情報の発信", 5, "full-width"},
    {"ＩＣＴ", "ICT", 3, "full-width"},
    {"ＤＸ", "DX推進サポート事業", 1, "full-width"},
    {"ＲＰＡ", "AI等活用推進事業", 3, "full-width"},
    {"ＡＩ", "AI等活用推進事業", 3, "full-width"},
    {"EBPM", "EBPM推進事業", 3, "spaced letters"},
    {"IoT", "IoTを活用した認知症", 1, "spaced letters"},
    {"SDGs", "SDG", 3, "spaced letters"},
    // U I J ターン in the PDF text; the UJIターン projects (a synonym, in their names) rank above.
    {"UIJターン", "移住・就業等支援事業", 10, "spaced letters"},
    {"協力隊", "地域おこし協力隊", 3, "partial compound"},
    {"協力", "地域おこし協力隊", 5, "partial compound"},
    {"地域おこし協力隊", "さくらじま地域おこし協力隊活動事業", 1, "partial compound"},
    {"空き家バンク", "知名度アップ", 3, "partial compound"},  // 須坂市: 空き家バンクの充実
    {"中枢都市圏", "連携中枢都市圏", 3, "partial compound"},
    {"子供 ミーティング", "子どもミーティングの開催", 3, "orthographic variant"},
    {"こども ミーティング", "子どもミーティングの開催", 3, "orthographic variant"},
    {"障がい", "障害", 3, "orthographic variant"},
    {"寄付", "ふるさと寄附金サポート事業", 3, "orthographic variant"},
    {"空家", "空き家", 3, "orthographic variant"},
    {"人工知能", "AI等活用推進事業", 3, "abbreviation"},
    {"情報通信技術", "ICT", 5, "abbreviation"},
    {"デジタルトランスフォーメーション", "DX推進サポート事業", 1, "abbreviation"},
    {"モノのインターネット", "IoTを活用した認知症", 3, "abbreviation"},
    {"証拠に基づく政策立案", "EBPM", 3, "abbreviation"},
    {"ソーシャルネットワーキングサービス", "SNS", 3, "abbreviation"},
    {"ロボティック・プロセス・オートメーション", "AI等活用推進事業", 3, "abbreviation"},
    {"持続可能な開発目標", "SDG", 3, "abbreviation"},
    {"地理情報システム", "統合型GIS運営事業", 3, "abbreviation"},
    {"UJIターン 23区", "移住・就業等支援事業", 1, "cross-city synonym"},
    {"UIJターン", "UJIターン", 5, "cross-city synonym"},
    {"個人番号カード", "住民記録システム等改修事業", 5, "cross-city synonym"},
    {"マイナンバーカード", "個人番号カードの交付窓口を拡大", 5, "cross-city synonym"},
    {"自治会", "町内会", 3, "cross-city synonym"},
    {"町会 加入", "町内会加入促進事業", 3, "cross-city synonym"},
    {"民間活力", "本庁舎広告付案内表示板運用事業", 3, "cross-city synonym"},
    {"オンライン申請", "窓口手続オンライン化推進事業", 3, "cross-city synonym"},
    {"行財政改革", "行政改革推進事業", 3, "cross-city synonym"},
    {"ふるさと寄附金", "ふるさと納税", 3, "cross-city synonym"},
    {"広報誌", "広報紙「市民のひろば」の発行", 3, "cross-city synonym"},
    {"ライツ", "ネーミングライツ導入事業", 3, "katakana"},
    {"連携中枢都市圏", "連携中枢都市圏推進事業", 1, "partial compound"},
    // A verb of a sentence finds the nouns of its SudachiDict group (引っ越す ~ 移住).
    {"引っ越してきた人への支援を知りたい", "移住支援事業", 5, "sentence"},
    // A verb finds the plans' noun of its stem: 預けたい → 一時預かり (預ける ~ 預かる, one stem 預
    // read あず; IPADIC gives 預ける あづける).
    {"子どもを預けたい", "一時預かり事業", 3, "sentence"},
    {"預けたい", "預かり", 3, "verb"},
    // A relaxed sentence ranks by how many of its words a project holds: 一時預かり事業 (預かり and
    // 子ども in its text) above 働く婦人の家運営事業 (働く alone, in its name).
    {"子どもを預けて働きたい", "一時預かり事業", 1, "sentence"},
};

SearchResponse search(const std::string& query, size_t limit) {
    SearchRequest r;
    r.query = query;
    r.limit = limit;
    r.facets = false;
    return test::corpus_searcher().search(r);
}

}  // namespace

TEST_CASE("every query of the table finds its expected project near the top", "[analysis][queries]") {
    static_assert(sizeof(kCases) / sizeof(kCases[0]) >= 40);
    for (const auto& c : kCases) {
        CAPTURE(c.kind, c.query, c.expected_name_part, c.top);
        auto names = test::result_names(search(c.query, c.top));
        CAPTURE(names);
        CHECK(std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return n.find(c.expected_name_part) != std::string::npos;
        }));
    }
}

TEST_CASE("京都 does not return 東京 projects first", "[analysis][queries][negative]") {
    auto r = search("京都", 5);
    if (!r.results.empty()) {
        const auto& first = r.results.front().record;
        CHECK(first.name.find("東京") == std::string::npos);
        CHECK(first.summary.find("東京") == std::string::npos);
        for (const auto& d : first.departments) CHECK(d.find("東京") == std::string::npos);
    }
    // The corpus has 東京事務所 projects, so 東京 itself does find some.
    CHECK_FALSE(search("東京", 5).results.empty());
}

TEST_CASE("a particle alone finds nothing", "[analysis][queries][negative]") {
    for (const char* q : {"の", "を", "は", "から"}) {
        CAPTURE(q);
        auto r = search(q, 10);
        CHECK(r.total == 0);
        CHECK(r.results.empty());
    }
}

TEST_CASE("a particle next to a word does not narrow the search", "[analysis][queries]") {
    CHECK(search("移住 の", 50).total == search("移住", 50).total);
}

TEST_CASE("the whole compound outranks documents holding only its parts", "[analysis][queries][compound]") {
    // 協力 alone appears in 国・県等との連携と協力; the query 地域おこし協力隊 must rank the
    // 協力隊 projects above it.
    auto names = test::result_names(search("地域おこし協力隊", 10));
    REQUIRE_FALSE(names.empty());
    CHECK(names.front().find("地域おこし協力隊") != std::string::npos);
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i].find("協力隊") == std::string::npos) {
            for (size_t j = i; j < names.size(); ++j) CHECK(names[j].find("協力隊") == std::string::npos);
            break;
        }
}

TEST_CASE("a spelling variant finds exactly the projects of the spelling the plan uses",
          "[analysis][queries][synonyms]") {
    CHECK(search("障がい", 50).total == search("障害", 50).total);
}
