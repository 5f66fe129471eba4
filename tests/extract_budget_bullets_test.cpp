// Golden tests for the 金沢市 budget bullets (corpus/004_f736d30d86fde0e5.txt, layout
// budget-bullets): one record per `・` bullet under 柱 > (N) 分野 > ①項目, sub-item lines as the
// summary, the 再掲 / 最終補正 markers as flags, values read from the document.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace plan;

namespace {

const ExtractedDocument& kanazawa() {
    for (const auto& d : test::corpus_records())
        if (d.info.id == "kanazawa-2020-yosan") return d;
    FAIL("kanazawa-2020-yosan not extracted");
    throw std::logic_error("unreachable");
}

const ProjectRecord& at_line(int line) {
    for (const auto& r : kanazawa().records)
        if (r.source.line == line) return r;
    FAIL("no record starts on line " << line);
    throw std::logic_error("unreachable");
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("金沢市: one record per bullet, counted per 重点の柱 and 分野", "[extract][kanazawa]") {
    const auto& records = kanazawa().records;
    CHECK(records.size() == 274);
    std::map<std::string, int> per_goal, per_policy;
    for (const auto& r : records) {
        ++per_goal[r.goal.goal];
        ++per_policy[r.goal.goal.substr(0, 1) + " " + r.goal.policy];
        CAPTURE(r.source.line, r.name);
        CHECK(r.section == "予算の重点");
        CHECK(r.departments.empty());
        CHECK_FALSE(r.goal.policy.empty());
        CHECK(r.name.find("・") != 0);
    }
    CHECK(per_goal == std::map<std::string, int>{{"1 元気で活力あふれるまちづくり", 55},
                                                 {"2 伝統と創造で発展するまちづくり", 57},
                                                 {"3 子供を守り健やかに育むまちづくり", 57},
                                                 {"4 誰もが安心して暮らせるまちづくり", 58},
                                                 {"5 市民と共に進めるまちづくり", 47}});
    CHECK(per_policy["1 (1) 地域経済の活性化"] == 27);
    CHECK(per_policy["2 (3) 個性ある文化の継承・発展"] == 26);
    CHECK(per_policy["2 (4) 金沢美術工芸大学の振興"] == 4);
    CHECK(per_policy["4 (1) 支え合う福祉健康社会の実現"] == 29);
    CHECK(per_policy["5 (4) SDGsの推進"] == 3);
    CHECK(per_policy["5 (5) 効率的で自立度の高い市政の推進"] == 15);
}

TEST_CASE("金沢市: hierarchy 柱 > (N) 分野 > ①項目, dates kept in the name",
          "[extract][kanazawa]") {
    const auto& first = at_line(13);
    CHECK(first.name == "価値創造拠点施設の整備を本格化（令和3年春開設予定）");
    CHECK(first.goal.goal == "1 元気で活力あふれるまちづくり");
    CHECK(first.goal.policy == "(1) 地域経済の活性化");
    CHECK(first.goal.measure == "①新産業の創出と人材の育成");
    CHECK(first.summary.empty());
    CHECK(first.flags.empty());
    CHECK(first.id == "kanazawa-2020-yosan-13");

    // （4） and （４） printed full-width, with bullets straight under the 分野 (no ①項目).
    const auto& art = at_line(206);
    CHECK(art.goal.goal == "2 伝統と創造で発展するまちづくり");
    CHECK(art.goal.policy == "(4) 金沢美術工芸大学の振興");
    CHECK(art.goal.measure.empty());
    const auto& sdgs = at_line(497);
    CHECK(sdgs.goal.policy == "(4) SDGsの推進");
    CHECK(sdgs.goal.measure.empty());
    CHECK(sdgs.name == "多様な主体と連携し金沢SDGs行動計画を推進");
    CHECK(at_line(505).goal.policy == "(5) 効率的で自立度の高い市政の推進");
    CHECK(at_line(505).goal.measure == "①行政サービスの向上");
    CHECK(at_line(505).name == "次期基幹情報システムを構築（令和3年1月稼働予定）");

    // `① 地域コミュニティの醸成` and `- ・ 金石地区…` carry a space after the mark.
    const auto& spaced = at_line(446);
    CHECK(spaced.name == "金石地区の旧町名復活を推進");
    CHECK(spaced.goal.goal == "5 市民と共に進めるまちづくり");
    CHECK(spaced.goal.policy == "(1) 地域コミュニティ活性化推進計画の実践");
    CHECK(spaced.goal.measure == "①地域コミュニティの醸成");

    // Letters the PDF spaced apart are joined.
    CHECK(at_line(237).name == "保育士のUJIターンを促進するための支援制度を創設");
    CHECK(at_line(350).name == "看護師のUJIターンを促進するための支援制度を創設");
    CHECK(at_line(358).name ==
          "IoTを活用した認知症高齢者地域見守りネットワーク事業の対象エリアを拡大");
}

TEST_CASE("金沢市: lines below a bullet are its summary, one sub-item per line",
          "[extract][kanazawa]") {
    const auto& port = at_line(60);
    CHECK(port.name == "金沢港の整備推進と周辺地域の活性化");
    CHECK(port.summary ==
          "大浜埠頭周辺の航路泊地の浚渫等を推進\n"
          "金沢港開港50周年記念イベントを開催\n"
          "冬期における魅力創出イベントをクルーズターミナル等で開催");
    CHECK(port.source.end_line == 63);

    CHECK(at_line(141).summary == "武道を組み合わせたスポーツツーリズムを構築");  // indented line
    CHECK(at_line(421).summary ==  // ` - ` marked sub-items
          "ごみ減量化アドバイザーを設置し、事業者への指導を強化\n"
          "事業系古紙の拠点回収をモデル実施\n"
          "事業用生ごみ処理機の導入に対する支援制度を創設");
    // A sub-item the PDF wrapped is joined back.
    CHECK(at_line(452).summary ==
          "公民館、児童館、消防団（機械器具置場、警鐘台）、老人憩の家、コミュニティセンター");
    CHECK(
        at_line(290).summary ==
        "中央小学校芳齋分校の改築と小将町中学校特学分校の移転に併せ、特別支援教育サポートセンターを"
        "設置し、芳齋公民館、芳齋児童館と一体的に整備");
    const auto& finance = at_line(530);
    CHECK(finance.name == "中期財政計画の実践");
    CHECK(finance.source.end_line == 536);
    CHECK(std::count(finance.summary.begin(), finance.summary.end(), '\n') == 5);
    CHECK_THAT(finance.summary,
               Catch::StartsWith("実質公債費比率5.4%（安全とされる18%未満を堅持）\n"));

    // The paragraph under each 柱 is prose, not a project, and no record starts on a sub-item.
    for (int not_a_record : {7, 116, 227, 333, 440, 61, 142, 284, 292, 454, 536})
        for (const auto& r : kanazawa().records) CHECK(r.source.line != not_a_record);
}

TEST_CASE("金沢市: 〔再掲〕/[再掲] give flag 再掲 and （最終補正） gives 最終補正, the text stays",
          "[extract][kanazawa]") {
    CHECK(at_line(111).name == "保育士及び看護師のUJIターンを促進するための支援制度を創設〔再掲〕");
    CHECK(at_line(111).flags == Strings{"再掲"});
    CHECK(at_line(367).flags == Strings{"再掲"});
    CHECK(at_line(463).name == "古紙の集団回収や家庭ごみの資源回収に対する支援制度を拡充[再掲]");
    CHECK(at_line(463).flags == Strings{"再掲"});
    CHECK(at_line(464).flags == Strings{"再掲"});
    CHECK(at_line(463).is_relisted());

    // The marker sits on a sub-item line: the bullet is flagged, the marker stays in the summary.
    const auto& ict = at_line(281);
    CHECK(ict.flags == Strings{"最終補正"});
    CHECK(ict.summary ==
          "児童生徒全員に学習用端末を計画的に配置（令和5年度まで）\n"
          "1人1台環境に対応するためのLAN整備等を全ての小中学校及び市立工業高校で実施（最終補正）");
    CHECK(ict.source.end_line == 284);
    CHECK(at_line(307).flags == Strings{"最終補正"});
    CHECK(at_line(248).flags == Strings{"最終補正"});  // （最終補正一部前倒し）: partly funded so
    // An amount inside a sentence is not the marker.
    CHECK(at_line(530).flags.empty());
    CHECK(at_line(54).flags.empty());

    const auto& report = kanazawa().report;
    CHECK(report.flags == std::map<std::string, size_t>{{"再掲", 4}, {"最終補正", 3}});
}

TEST_CASE("金沢市: the report accounts for every line, none unclassified", "[extract][kanazawa]") {
    const auto& report = kanazawa().report;
    size_t lines = report.unclassified.size();
    for (const auto& [kind, n] : report.lines) lines += n;
    CHECK(lines == 536);
    CHECK(report.unclassified.empty());
    CHECK(report.lines.at("text") == 5);  // the five paragraphs that open the 柱
    CHECK(report.per_section.at("予算の重点") == 274);
}

TEST_CASE("plan-index extract --verbose prints the report with line kinds on stderr",
          "[extract][cli]") {
    auto r = test::run(std::string(PLAN_INDEX_BIN) + " extract --corpus " + PLAN_CORPUS_DIR +
                       " --document kanazawa-2020-yosan --verbose");
    REQUIRE(r.exit_code == 0);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 274);
    CHECK_THAT(r.err, Catch::Contains("kanazawa-2020-yosan: 274 records, 予算の重点 274"));
    CHECK_THAT(r.err, Catch::Contains("flags: 再掲=4 最終補正=3"));
    CHECK_THAT(r.err, Catch::Contains("lines: 536 =") && Catch::Contains("unclassified 0"));
}
