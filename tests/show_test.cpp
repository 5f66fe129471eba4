// plan-search show ID: one record of the corpus index with the numbered source lines it came from.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace plan;

namespace {

test::CommandResult show(const std::string& args) {
    return test::run(std::string(PLAN_SEARCH_BIN) + " show --index " + test::corpus_index() +
                     " --corpus " + PLAN_CORPUS_DIR + " " + args);
}

}  // namespace

TEST_CASE(
    "show prints a 須坂市 取組項目 with its hierarchy, departments, indicators and both source "
    "lines",
    "[show][cli]") {
    auto r = show("suzaka-2021-kihon-338");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("須高行政事務組合及び構成市町村との連携"));
    CHECK_THAT(r.out, Catch::Contains("> 基本目標 7 市民とともにつくる持続可能なまち"));
    CHECK_THAT(r.out, Catch::Contains("> 施策 36 ICT等による利便性の向上と業務効率化の促進"));
    CHECK_THAT(r.out, Catch::Contains("所管課: 総務課、政策推進課"));
    CHECK_THAT(r.out, Catch::Contains("構成市町村との連携により、住民サービスの向上を推進"));
    CHECK_THAT(r.out,
               Catch::Contains("プロセス指標: 市が所有するデータのオープンデータ公開件数（件）"));
    CHECK_THAT(r.out, Catch::Contains("source: 002_22a3fa7b6e68a797.txt:338-339"));
    // The source lines exactly as the document has them, numbered.
    CHECK_THAT(r.out, Catch::Contains("\n338\t須高行政事務組合及び構成\n339\t市町村との連携 ◇"));
    CHECK(r.out.find("\n337\t") == std::string::npos);
    CHECK(r.out.find("\n340\t") == std::string::npos);
}

TEST_CASE("show prints a 金沢市 bullet with its flag and its sub-item lines", "[show][cli]") {
    auto r = show("kanazawa-2020-yosan-281");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("ICT機器を活用した教育環境を充実  [最終補正]"));
    CHECK_THAT(r.out, Catch::Contains("> (2) 学校教育の振興"));
    for (const char* line : {"\n281\t- ・ICT機器を活用した教育環境を充実\n",
                             "\n282\t児童生徒全員に学習用端末を計画的に配置（令和5年度まで）\n",
                             "\n284\t市立工業高校で実施（最終補正）\n"})
        CHECK_THAT(r.out, Catch::Contains(line));
    CHECK(r.out.find("\n285\t") == std::string::npos);
}

TEST_CASE("show --json prints the record of the contract", "[show][cli]") {
    auto r = show("--json suzaka-2021-kihon-586");
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["id"] == "suzaka-2021-kihon-586");
    CHECK(j["name"] == "県内外からの移住定住の促進");
    CHECK(j["source"]["line"] == 586);
    CHECK(j["source"]["end_line"] == 589);
    REQUIRE(j["indicators"].size() == 6);
    CHECK(j["indicators"][0]["name"] == "行政のサポートによる移住者数の累計（人）");
    CHECK(j["indicators"][0]["target"] == "336");
}

TEST_CASE("show of an unknown id is a clear error with exit status 3", "[show][cli]") {
    auto r = show("suzaka-2021-kihon-99999");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("no record with id 'suzaka-2021-kihon-99999'"));
}

TEST_CASE(
    "show without the source document still prints the record and says why the lines are missing",
    "[show][cli]") {
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " show --index " + test::corpus_index() +
                       " --corpus /nonexistent kanazawa-2020-yosan-13");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::StartsWith("価値創造拠点施設の整備を本格化（令和3年春開設予定）"));
    CHECK_THAT(
        r.err,
        Catch::Contains("/nonexistent/004_f736d30d86fde0e5.txt: cannot open the source document"));
}
