// Golden tests for the 須坂市 policy pages (corpus/002_22a3fa7b6e68a797.txt, layout policy-pages):
// every 取組項目 with its ◇ items, departments, 施策 / （N） hierarchy and the 施策's indicators,
// with the values read from the document.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace plan;

namespace {

const ExtractedDocument& suzaka() {
    for (const auto& d : test::corpus_records())
        if (d.info.id == "suzaka-2021-kihon") return d;
    FAIL("suzaka-2021-kihon not extracted");
    throw std::logic_error("unreachable");
}

const ProjectRecord& at_line(int line) {
    for (const auto& r : suzaka().records)
        if (r.source.line == line) return r;
    FAIL("no record starts on line " << line);
    throw std::logic_error("unreachable");
}

using Strings = std::vector<std::string>;

const std::string kGoal = "基本目標 7 市民とともにつくる持続可能なまち";

}  // namespace

TEST_CASE("須坂市: one record per 取組項目, counted per 施策", "[extract][suzaka]") {
    const auto& records = suzaka().records;
    std::map<std::string, int> per_policy;
    for (const auto& r : records) ++per_policy[r.goal.policy];
    CHECK(records.size() == 36);
    CHECK(per_policy ==
          std::map<std::string, int>{{"施策 35 広聴・広報の充実", 2},
                                     {"施策 36 ICT等による利便性の向上と業務効率化の促進", 17},
                                     {"施策 37 長期的展望に立った財政運営", 9},
                                     {"施策 38 移住定住の促進及び若者の結婚支援", 4},
                                     {"施策 39 協働・市民参画の推進", 4}});
    for (const auto& r : records) {
        CAPTURE(r.source.line, r.name);
        CHECK(r.goal.goal == kGoal);
        CHECK(r.section == "主な取組内容");
        CHECK(r.city == "須坂市");
        CHECK(r.flags.empty());
        CHECK_FALSE(r.departments.empty());
        CHECK_FALSE(r.summary.empty());
        CHECK_FALSE(r.indicators.empty());
    }
}

TEST_CASE("須坂市: the ◇ items are the summary, one per line, wrapped items joined",
          "[extract][suzaka]") {
    const auto& r = at_line(73);
    CHECK(r.name == "広聴の充実");
    CHECK(r.departments == Strings{"政策推進課"});
    CHECK(r.goal.policy == "施策 35 広聴・広報の充実");
    CHECK(r.goal.measure.empty());
    CHECK(r.summary ==
          "市民と市長との直接対話の機会充実\n"
          "各種研修会等への積極的参加による交流と情報収集\n"
          "オンラインシステムの活用によるデジタル化に対応した広聴");
    CHECK(r.source.end_line == 76);

    const auto& pr =
        at_line(78);  // the name stands above a blank line; 12 items, lost glyphs removed
    CHECK(pr.name == "広報の充実");
    CHECK(std::count(pr.summary.begin(), pr.summary.end(), '\n') == 11);
    CHECK_THAT(pr.summary, Catch::StartsWith("見やすいホームページの作成\n"));
    CHECK_THAT(pr.summary, Catch::Contains("\nCMS(コンテンツ管理システム)の機能充実\n"));
    CHECK_THAT(pr.summary, Catch::EndsWith("\nLINEを活用した情報発信"));

    const auto& wrapped = at_line(230);
    CHECK(wrapped.summary ==
          "オンライン申請への積極的対応\n"
          "AIやRPAの活用など、新しい技術の検証、導入による業務効率化\n"
          "費用対効果のバランスを踏まえた、各種申請書の記入における自動化・省略化等にかかる検討");
    CHECK(wrapped.source.end_line == 235);

    CHECK(at_line(348).summary ==
          "長野市を中心とした長野地域の市町村とスクラムを組み、それぞれの市町村の強みを生かし、"
          "弱みを補うことによる圏域全体の活性化（生活、福祉、交通、観光など様々な分野での取組み）");
}

TEST_CASE("須坂市: a name wrapped over lines is one project starting on its first line",
          "[extract][suzaka]") {
    CHECK(at_line(261).name == "業務の成果向上と効率化の推進");
    const auto& three = at_line(293);
    CHECK(three.name == "一人ひとりの職員が能力を発揮し、自己実現できる職場づくりの推進");
    CHECK(three.source.end_line == 302);
    CHECK(at_line(479).name == "公共施設など行政が持つ財産の総合的管理の推進");
    CHECK(at_line(698).name == "地域で活動している様々な組織や個人にかかる支援");
    // A name whose first ◇ item stands on its second line.
    const auto& inline_item = at_line(338);
    CHECK(inline_item.name == "須高行政事務組合及び構成市町村との連携");
    CHECK(inline_item.summary == "構成市町村との連携により、住民サービスの向上を推進");
    // Name and item on one line; the item wraps.
    CHECK(at_line(459).name == "財政状況の公表");
    CHECK(at_line(463).summary ==
          "議会や、各種団体・市民との懇談会等で出された意見等の予算への反映");
    // After the table header repeated at a page break.
    CHECK(at_line(305).name == "魅力ある働きがいのある職場づくりの推進");
    for (int fragment : {262, 294, 295, 480, 699, 339, 235}) {
        CAPTURE(fragment);
        for (const auto& r : suzaka().records) CHECK(r.source.line != fragment);
    }
}

TEST_CASE("須坂市: departments from ◆主な取組内容 and （N） lines, and the line that switches them",
          "[extract][suzaka]") {
    const auto& ict = at_line(230);
    CHECK(ict.departments == Strings{"政策推進課", "市民課"});
    CHECK(ict.goal.policy == "施策 36 ICT等による利便性の向上と業務効率化の促進");
    CHECK(ict.goal.measure == "（1）ICTによる利便性の向上と効率的なシステム運用");
    CHECK(at_line(253).departments == Strings{"政策推進課", "市民課"});

    const auto& org = at_line(261);
    CHECK(org.departments == Strings{"総務課", "政策推進課"});
    CHECK(org.goal.measure == "（2）市民とともに歩む、信頼され活気ある組織・体制づくり");
    CHECK(at_line(348).departments == Strings{"総務課", "政策推進課"});

    CHECK(at_line(459).departments == Strings{"総務課", "財政課"});
    CHECK(at_line(479).departments == Strings{"総務課", "財政課"});
    CHECK(at_line(491).departments == Strings{"税務課"});  // `� 税務課` switches
    CHECK(at_line(498).departments == Strings{"税務課"});
    CHECK(at_line(491).goal.measure.empty());

    CHECK(at_line(599).departments == Strings{"政策推進課"});
    CHECK(at_line(599).name == "移住定住先としての知名度アップ");

    CHECK(at_line(698).departments == Strings{"市民課", "生涯学習推進課及び全課"});
    CHECK(at_line(698).goal.measure == "（1）多様な活動主体の参画による地域社会づくり");
    CHECK(at_line(717).departments == Strings{"市民課"});
    CHECK(at_line(717).goal.measure == "（2）地域コミュニティの活性化");
    // 地域課題… contains 課 but is a 取組項目, not a department line.
    CHECK(at_line(727).name == "地域課題への取組みに関する啓発");
    CHECK(at_line(727).departments == Strings{"市民課"});
}

TEST_CASE("須坂市: 成果指標 and プロセス指標 are parsed and attached to every record of the 施策",
          "[extract][suzaka]") {
    const auto& migration = at_line(586).indicators;
    REQUIRE(migration.size() == 6);
    CHECK(migration[0].kind == "成果指標");
    CHECK(migration[0].type == "統計指標");
    CHECK(migration[0].name == "行政のサポートによる移住者数の累計（人）");
    CHECK(migration[0].current == "186");
    CHECK(migration[0].current_year == "2019");
    CHECK(migration[0].target == "336");
    CHECK(migration[1].name ==
          "結婚支援事業を通じた成婚数の累計（件）");  // （※） note mark dropped
    CHECK(migration[1].current == "13");
    CHECK(migration[1].current_year == "2019");  // printed `13（2019)`
    CHECK(migration[2].kind == "プロセス指標");
    CHECK(migration[2].type.empty());
    CHECK(migration[2].name == "空き家バンク掲載物件登録件数の累計（件）");
    CHECK(migration[4].name == "オンライン相談会の相談件数の累計(件)");
    CHECK(migration[5].name == "交流イベントなどでのカップル成立数の累計（組）");
    CHECK(migration[5].current == "―");
    CHECK(migration[5].current_year.empty());
    CHECK(migration[5].target == "120");
    for (int line : {591, 599, 606}) CHECK(at_line(line).indicators.size() == 6);

    const auto& pr = at_line(78).indicators;  // a 成果指標 name that wraps onto its values
    REQUIRE(pr.size() == 4);
    CHECK(pr[0].type == "市民取組指標");
    CHECK(pr[0].name == "「広報須坂」を読んでいる人の割合（％）");
    CHECK(pr[1].name == "市公式ツイッター・フェイスブックのフォロワー数（人）");
    CHECK(pr[1].current == "9,560");
    CHECK(pr[1].target == "10,000");
    CHECK(pr[3].name == "市公式ツイッターを見た人の数（人）");
    CHECK(pr[3].current == "4,597,752");

    const auto& ict = at_line(230).indicators;
    REQUIRE(ict.size() == 5);
    CHECK(ict[0].type == "市民意識指標");
    CHECK(ict[0].name == "「ICTによる利便性の向上と効率的なシステム運用」満足度（％）");
    CHECK(ict[1].name ==
          "国が示すオンライン利用促進対象手続きで市が実施している手続きのうち、"
          "市がオンライン化している手続きの割合（％）");
    CHECK(ict[1].current_year == "2020");

    const auto& finance = at_line(459).indicators;
    REQUIRE(finance.size() == 5);
    CHECK(finance[0].name == "財政力指数");
    CHECK(finance[1].name == "経常収支比率（％）");
    CHECK(finance[1].target == "90.0 未満");
    CHECK(finance[4].name == "将来負担比率（％）");

    const auto& community = at_line(717).indicators;
    REQUIRE(community.size() == 4);
    CHECK(community[2].name ==
          "地域の課題解決に向けた様々な組織と行政による会議等の開催数（回/年）");
    CHECK(community[2].current == "―");
    CHECK(community[2].current_year == "2020");
    CHECK(community[2].target == "15");
}

TEST_CASE("須坂市: page furniture never becomes a project or part of one", "[extract][suzaka]") {
    for (const auto& r : suzaka().records) {
        CAPTURE(r.source.line, r.name);
        for (const char* furniture : {"\xEF\xBF\xBD", "☞", "●", "基本目標", "指標", "主　体",
                                      "取組項目", "※", "◇", "◆", "総合戦略", "\t"}) {
            CHECK(r.name.find(furniture) == std::string::npos);
            CHECK(r.summary.find(furniture) == std::string::npos);
        }
        // An item may speak of 施策 or of the 滞納整理対策チャレンジプラン; a name never does.
        CHECK(r.name.find("施策") == std::string::npos);
        CHECK(r.name.find("チャレンジ") == std::string::npos);
        for (const auto& i : r.indicators) CHECK(i.name.find("\xEF\xBF\xBD") == std::string::npos);
    }
}

TEST_CASE("須坂市: the report accounts for every line, none unclassified", "[extract][suzaka]") {
    const auto& report = suzaka().report;
    size_t lines = report.unclassified.size();
    for (const auto& [kind, n] : report.lines) lines += n;
    CHECK(lines == 755);
    CHECK(report.unclassified.empty());
    CHECK(report.per_section.at("主な取組内容") == 36);
    CHECK(report.departments == std::set<std::string>{"政策推進課", "市民課", "総務課", "財政課",
                                                      "税務課", "生涯学習推進課及び全課"});
    CHECK(report.lines.at("indicator") == 30);  // 24 indicators, 6 of them wrapped over two lines
}

TEST_CASE("須坂市: indicator names are searchable and find their 施策's projects",
          "[extract][suzaka][search]") {
    for (const char* query : {"移住者数", "成婚数"}) {
        SearchRequest req;
        req.query = query;
        req.limit = 10;
        auto resp = test::corpus_searcher().search(req);
        CAPTURE(query);
        REQUIRE_FALSE(resp.results.empty());
        CHECK(resp.results.front().record.goal.policy ==
              "施策 38 移住定住の促進及び若者の結婚支援");
    }
    SearchRequest req;  // only an indicator of 施策 35 speaks of フォロワー
    req.query = "フォロワー数";
    auto resp = test::corpus_searcher().search(req);
    REQUIRE_FALSE(resp.results.empty());
    CHECK(resp.results.front().record.goal.policy == "施策 35 広聴・広報の充実");
}
