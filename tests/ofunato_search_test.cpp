// 大船渡市's evaluation sheets in the corpus index: ranking, its own facets, filters on them.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace plan;
using nlohmann::json;

namespace {

std::string search_cli(const std::string& args) {
    return std::string(PLAN_SEARCH_BIN) + " query --index " + test::corpus_index() + " " + args;
}

std::map<std::string, size_t> facet_map(const std::vector<FacetValue>& values) {
    std::map<std::string, size_t> m;
    for (const auto& v : values) m[v.value] = v.count;
    return m;
}

}  // namespace

TEST_CASE("魚市場 ranks 大船渡市's three fish-market projects first", "[search][ofunato]") {
    SearchRequest req;
    req.query = "魚市場";
    req.limit = 10;
    auto resp = test::corpus_searcher().search(req);
    REQUIRE(resp.results.size() >= 3);
    std::set<std::string> top3;
    for (size_t i = 0; i < 3; ++i) {
        CHECK(resp.results[i].record.city == "大船渡市");
        top3.insert(resp.results[i].record.attributes.at("事業番号"));
    }
    CHECK(top3 == std::set<std::string>{"0581", "0582", "0583"});
    CHECK_THAT(resp.results[0].snippet, Catch::Contains("<mark>"));
}

TEST_CASE("plan-search query --json counts 大船渡市's 事業区分, 評価方向 and 部 as facets",
          "[search][ofunato][cli]") {
    auto r = test::run(search_cli("--json --limit 0 --city 大船渡市"));
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    CHECK(j["total"] == 407);
    REQUIRE(j["facets"].contains("事業区分"));
    // Most frequent first, values as the city wrote them (full-width letter, U+3000).
    CHECK(j["facets"]["事業区分"] == json::parse(R"([
        {"value": "Ｅ　一般", "count": 220}, {"value": "Ｄ　補助金等", "count": 60},
        {"value": "Ａ　政策事業", "count": 58}, {"value": "Ｃ　施設管理", "count": 44},
        {"value": "Ｂ　施設整備", "count": 25}])"));
    std::map<std::string, size_t> direction;
    for (const auto& v : j["facets"]["評価方向"])
        direction[v["value"].get<std::string>()] = v["count"].get<size_t>();
    CHECK(direction == std::map<std::string, size_t>{{"１　現状維持", 225},
                                                     {"２　改革改善（縮小・統合含む）", 168},
                                                     {"３　終了・廃止・休止", 13},
                                                     {"0", 1}});
    REQUIRE(j["facets"]["部"].size() >= 3);
    CHECK(j["facets"]["部"][0] == json({{"value", "保健福祉部"}, {"count", 71}}));
    CHECK(j["facets"]["部"][1] == json({{"value", "市民生活部"}, {"count", 55}}));
}

TEST_CASE("大船渡市's 政策 facet has one value per numbered 政策, spelling variants merged",
          "[search][ofunato]") {
    SearchRequest req;
    req.limit = 0;
    req.filters["city"] = {"大船渡市"};
    auto goals = facet_map(test::corpus_searcher().search(req).facets["goal"]);
    CHECK(goals.size() == 8);  // 政策 01-07 and 09 その他
    CHECK(goals["豊かな心を育む人づくりの推進"] == 47);
    CHECK(goals["安心が確保されたまちづくりの推進"] == 111);
    CHECK(goals.count("豊かな心をはぐくむ人づくりの推進") == 0);
}

TEST_CASE("extra facets filter like the fixed ones: --facet, NAME:VALUE and facet:NAME=VALUE",
          "[search][ofunato][cli]") {
    auto total = [](const std::string& args) {
        auto r = test::run(search_cli("--json --limit 3 " + args));
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out)["total"].get<size_t>();
    };
    CHECK(total("--facet '事業区分=Ａ　政策事業'") == 58);
    CHECK(total("--facet 事業区分=政策事業") == 58);  // a part of the value, like --dept
    CHECK(total("事業区分:政策事業") == 58);
    CHECK(total("facet:事業区分=政策事業") == 58);
    // OR within a facet, AND across facets and with the words.
    CHECK(total("--facet 事業区分=政策事業 --facet 事業区分=施設整備") == 83);
    CHECK(total("--facet 部=農林水産部 --facet 事業区分=一般 魚市場") == 3);

    SearchRequest req;
    req.query = "魚市場 評価方向:改革改善";
    auto resp = test::corpus_searcher().search(req);
    std::set<std::string> ids;
    for (const auto& h : resp.results) ids.insert(h.record.attributes.at("事業番号"));
    CHECK(ids == std::set<std::string>{"0582", "0583"});
}

TEST_CASE("an unknown facet filter is an error that lists the facets of the index",
          "[search][ofunato][cli]") {
    auto r = test::run(search_cli("--facet 予算区分=一般 魚市場"));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("unknown filter '予算区分'") && Catch::Contains("事業区分"));
    auto bad = test::run(search_cli("--facet 事業区分"));
    CHECK(bad.exit_code == 3);
    CHECK_THAT(bad.err, Catch::Contains("--facet: expected NAME=VALUE"));
}

TEST_CASE("plan-index build reports 407 records for the 大船渡市 CSV", "[index][ofunato][cli]") {
    auto dir = test::scratch("ofunato-build");
    auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR +
                       " --index " + (dir / "index").string());
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("ofunato-2025-hyoka: 407 records, 事務事業評価 407"));
    CHECK_THAT(r.err, Catch::Contains("unclassified lines: 0"));
}
