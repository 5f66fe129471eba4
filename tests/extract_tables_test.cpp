// Golden tests of the "tables" reader on both 鹿児島市 documents: every value below was read
// off corpus/000_b4000f16038adca6.txt (2020) and corpus/001_22e715c48aebffde.txt (2022).
#include <catch2/catch.hpp>
#include <fstream>
#include <set>

#include "corpus/manifest.h"
#include "extract/budget_amount.h"
#include "extract/extraction.h"
#include "extract/tables_departments.h"
#include "test_support.h"

using namespace plan;
using Strings = std::vector<std::string>;

namespace {

const ExtractedDocument& kagoshima(const std::string& id) {
    static std::map<std::string, ExtractedDocument> cache;
    auto it = cache.find(id);
    if (it == cache.end()) {
        static const Manifest manifest = load_manifest(PLAN_CORPUS_DIR);
        const ManifestDocument* doc = manifest.find(id);
        REQUIRE(doc != nullptr);
        it = cache.emplace(id, extract_document(*doc)).first;
    }
    return it->second;
}
const ExtractedDocument& plan2020() { return kagoshima("kagoshima-2020-jisshi"); }
const ExtractedDocument& plan2022() { return kagoshima("kagoshima-2022-jisshi"); }

/// The records whose name starts on `line`, in source order.
std::vector<const ProjectRecord*> at_line(const ExtractedDocument& d, int line) {
    std::vector<const ProjectRecord*> out;
    for (const auto& r : d.records)
        if (r.source.line == line) out.push_back(&r);
    return out;
}

/// The one record on `line`.
const ProjectRecord& row(const ExtractedDocument& d, int line) {
    auto rs = at_line(d, line);
    INFO("line " << line);
    REQUIRE(rs.size() == 1);
    return *rs.front();
}

size_t count_section(const ExtractedDocument& d, const std::string& section) {
    size_t n = 0;
    for (const auto& r : d.records) n += r.section == section;
    return n;
}

const std::string kGoal2020 = "基本目標 1 市民と行政が拓く 協働と連携のまち";
const std::string kGoal2022 = "基本目標 1 信頼とやさしさのある 共創のまち";

}  // namespace

TEST_CASE("2020 plan: 88 主要事業 rows and 41 主な継続事業 items, every line accounted for",
          "[extract][tables]") {
    const auto& d = plan2020();
    CHECK(d.records.size() == 129);
    CHECK(count_section(d, "主要事業") == 88);
    CHECK(count_section(d, "主な継続事業") == 41);
    CHECK(d.report.per_section.at("主要事業") == 88);
    CHECK(d.report.per_section.at("主な継続事業") == 41);
    CHECK(d.report.flags ==
          std::map<std::string, size_t>{{"新", 13}, {"拡", 6}, {"括", 4}, {"再", 9}});
    CHECK(d.report.unclassified.empty());
}

TEST_CASE("2022 plan: 148 主要事業 rows and 63 その他の主な事業 items, every line accounted for",
          "[extract][tables]") {
    const auto& d = plan2022();
    CHECK(d.records.size() == 211);
    CHECK(count_section(d, "主要事業") == 148);
    CHECK(count_section(d, "その他の主な事業") == 63);
    CHECK(d.report.flags ==
          std::map<std::string, size_t>{{"新", 26}, {"拡", 32}, {"括", 4}, {"新※", 1}, {"再", 40}});
    CHECK(d.report.unclassified.empty());
}

TEST_CASE("three ○ items on one line become three projects with their departments in order",
          "[extract][tables]") {
    auto rs = at_line(plan2020(), 60);
    REQUIRE(rs.size() == 3);
    CHECK(rs[0]->name == "わたしの提言");
    CHECK(rs[0]->departments == Strings{"市民相談センター"});
    CHECK(rs[0]->flags.empty());
    CHECK(rs[1]->name == "広報紙「市民のひろば」の発行");
    CHECK(rs[1]->departments == Strings{"広報課"});
    CHECK(rs[1]->flags == Strings{"再"});
    CHECK(rs[2]->name == "鹿児島市民表彰事業");
    CHECK(rs[2]->departments == Strings{"総務局総務課"});
    for (const auto* r : rs) {
        CHECK(r->section == "主な継続事業");
        CHECK(r->summary.empty());
        CHECK(r->goal.measure == "1 市民との協働の推進");
        CHECK(r->goal.pillar.empty());
    }
    CHECK(rs[0]->id == "kagoshima-2020-jisshi-60");
    CHECK(rs[1]->id == "kagoshima-2020-jisshi-60-2");
    CHECK(rs[2]->id == "kagoshima-2020-jisshi-60-3");
}

TEST_CASE("a first ○ row that lists four departments hands them to the rows below it",
          "[extract][tables]") {
    const auto& d = plan2022();
    CHECK(row(d, 319).name == "基幹系システム等整備事業");
    CHECK(row(d, 319).departments == Strings{"情報システム課"});
    CHECK(row(d, 320).name == "電子納品推進事業");
    CHECK(row(d, 320).departments == Strings{"管理課"});
    CHECK(row(d, 321).name == "農業技術伝承事業");
    CHECK(row(d, 321).departments == Strings{"都市農業センター"});
    CHECK(row(d, 321).flags == Strings{"再"});
    CHECK(row(d, 322).name == "バス経路検索データ提供事業");
    CHECK(row(d, 322).departments == Strings{"バス事業課"});
    CHECK(row(d, 322).section == "その他の主な事業");
}

TEST_CASE("flags in their own column, inline before the name and (再) after it",
          "[extract][tables]") {
    const auto& a = plan2020();
    CHECK(row(a, 48).name == "まちづくり人材育成連携事業");  // "(新) まちづくり…"
    CHECK(row(a, 48).flags == Strings{"新"});
    CHECK(row(a, 85).name == "さくらじま地域おこし協力隊活動事業");  // "(新)⇥さくらじま…"
    CHECK(row(a, 85).flags == Strings{"新"});
    CHECK(row(a, 116).flags == Strings{"括"});
    CHECK(row(a, 281).name == "障害者雇用の拡充");
    CHECK(row(a, 281).flags == Strings{"括"});
    CHECK(row(a, 117).name == "クリエイティブ人材誘致事業");
    CHECK(row(a, 117).flags == Strings{"再"});
    CHECK(row(a, 347).name == "新産業創出支援事業");  // full-width （再）
    CHECK(row(a, 347).flags == Strings{"再"});
    CHECK(row(a, 43).flags.empty());

    const auto& b = plan2022();
    CHECK(row(b, 302).name == "住民記録システム等改修事業");
    CHECK(row(b, 302).flags == Strings{"新※"});
    CHECK(row(b, 51).name == "市民と一緒に大好きかごしま発信事業");
    CHECK(row(b, 51).flags == Strings{"拡", "再"});
    CHECK(row(b, 481).name == "かごしまラバーズプロジェクト事業");  // "(新) … (再)"
    CHECK(row(b, 481).flags == Strings{"新", "再"});
    CHECK(row(b, 248).name == "職員研修事業");  // "職員研修事業 (再)"
    CHECK(row(b, 248).flags == Strings{"再"});
    CHECK(row(b, 216).name == "組織機構の見直し及び定員管理の適正化の推進");  // "(新)⇥○ …"
    CHECK(row(b, 216).flags == Strings{"新"});
    CHECK(row(b, 216).section == "その他の主な事業");
    CHECK(row(b, 522).name == "クリエイティブ人材誘致事業");  // "(拡)⇥○ … (再)"
    CHECK(row(b, 522).flags == Strings{"拡", "再"});
}

TEST_CASE("departments: two listed are split, one spanning branches is kept, ほか is a mark",
          "[extract][tables]") {
    const auto& a = plan2020();
    CHECK(row(a, 234).departments == Strings{"総務局総務課", "政策企画課"});
    CHECK(row(a, 91).departments == Strings{"吉田・喜入・松元・郡山支所総務市民課"});
    CHECK(row(a, 194).departments == Strings{"納税課"});  // 納税課ほか
    CHECK(row(a, 194).departments_more);
    CHECK_FALSE(row(a, 195).departments_more);
    CHECK(row(a, 204).departments == Strings{"市民課"});  // 市民課ほか
    CHECK(row(a, 204).departments_more);
    CHECK(row(a, 208).departments == Strings{"料金課", "下水道管路課"});
    CHECK(row(a, 243).departments == Strings{"政策企画課", "政策推進課"});  // A課・B課
    CHECK(row(a, 209).departments == Strings{"市議会事務局総務課"});  // "市議会事務局 総務課"
    CHECK(row(a, 207).departments == Strings{"選挙管理委員会事務局"});

    const auto& b = plan2022();
    CHECK(row(b, 174).departments == Strings{"納税課"});  // "納税課 ほか"
    CHECK(row(b, 174).departments_more);
    CHECK(row(b, 87).departments == Strings{"地域づくり推進課"});  // 地域づくり推進課ほか
    CHECK(row(b, 87).departments_more);
    CHECK(row(b, 58).departments == Strings{"桜島・東桜島総務市民課"});
    CHECK(row(b, 90).departments ==
          Strings{"吉田・喜入・松元・郡山支所総務市民課", "桜島総務市民課"});
    CHECK(row(b, 617).departments == Strings{"市民相談センター", "谷山支所総務課"});
    CHECK(row(b, 639).departments == Strings{"総務局総務課", "図書館"});
    CHECK(row(b, 235).departments == Strings{"財政課"});  // "○ 公会計推進事業⇥財政課⇥"
}

TEST_CASE("the department cell parser splits entries and names", "[extract][tables]") {
    auto c = parse_department_cell("市民相談センター 広報課 総務局総務課");
    CHECK(c.groups == std::vector<Strings>{{"市民相談センター"}, {"広報課"}, {"総務局総務課"}});
    CHECK_FALSE(c.more);
    c = parse_department_cell("納税課・特別滞納整理課 ほか");
    CHECK(c.groups == std::vector<Strings>{{"納税課", "特別滞納整理課"}});
    CHECK(c.more);
    CHECK(split_department_entry("吉田・喜入・松元・郡山支所総務市民課") ==
          Strings{"吉田・喜入・松元・郡山支所総務市民課"});
}

TEST_CASE("hierarchy: 基本目標 > 基本施策 (with 事業費) > 単位施策 > 柱, whatever the marks",
          "[extract][tables]") {
    const auto& a = plan2020();
    const auto& first = row(a, 43);
    CHECK(first.goal.goal == kGoal2020);
    CHECK(first.goal.policy == "基本施策 1 地域社会を支える協働・連携の推進");
    CHECK(first.goal.measure == "1 市民との協働の推進");
    CHECK(first.goal.pillar == "(1) 市民参画の推進");
    REQUIRE(first.budget.has_value());
    CHECK(first.budget->text == "10億16百万円");
    CHECK(first.budget->yen == 1016000000LL);
    CHECK(row(a, 73).goal.measure == "2 地域コミュニティの活性化");    // **2 …**
    CHECK(row(a, 214).goal.pillar == "(2) 総合的な公共施設等の管理");  // ## (2) …
    const auto& later = row(a, 192);
    CHECK(later.goal.policy == "基本施策 2 自主的・自立的な行財政運営の推進");
    CHECK(later.goal.measure == "2 効率的で健全な行財政運営の推進");  // ## 2 …
    CHECK(later.budget->text == "50億46百万円");
    CHECK(later.budget->yen == 5046000000LL);

    const auto& b = plan2022();
    CHECK(row(b, 45).goal.goal == kGoal2022);
    CHECK(row(b, 45).budget->yen == 904000000LL);  // 9億4百万円
    // "基本施策 2" with its name on a line of its own
    CHECK(row(b, 133).goal.policy == "基本施策 2 自主的・自立的な行財政運営の推進");
    CHECK(row(b, 133).budget->text == "49億67百万円");
    CHECK(row(b, 284).goal.measure == "4 ICT利活用の推進");
    CHECK(row(b, 349).goal.policy == "基本施策 3 多角的な連携・交流の推進");
    CHECK(row(b, 437).goal.policy == "基本施策 4 シティプロモーションの推進");
    CHECK(row(b, 437).budget->yen == 186000000LL);
    // "基本施策5 …" without a space
    CHECK(row(b, 543).goal.policy == "基本施策 5 誰もが個性と能力を発揮できる地域社会の形成");
    CHECK(row(b, 543).budget->yen == 155000000LL);
    CHECK(row(b, 639).goal.measure == "4 平和意識の醸成");
    CHECK(row(b, 639).goal.pillar == "(1) 平和を尊重する意識の啓発推進");
}

TEST_CASE("rows right after a running page header stay under the heading above it",
          "[extract][tables]") {
    const auto& a = plan2020();
    // line 81: "基本目標 1 市民と行政が拓く 協働と連携のまち 【信頼・協働政策】"
    const auto& r83 = row(a, 83);
    CHECK(r83.name == "町内会加入促進事業");
    CHECK(r83.goal.goal == kGoal2020);
    CHECK(r83.goal.measure == "2 地域コミュニティの活性化");
    CHECK(r83.goal.pillar == "(2) 意識啓発と人づくり");
    CHECK(r83.section == "主要事業");
    CHECK(row(a, 225).goal.pillar == "(3) 健全財政の維持");  // after the header on line 223

    const auto& b = plan2022();
    CHECK(row(b, 86).goal.pillar == "(1) 地域活動の支援");
    CHECK(row(b, 145).goal.pillar == "(2) きめ細かな広報機能の充実");
    CHECK(row(b, 391).name == "アジアとの交流事業");  // no table header after the page header
    CHECK(row(b, 391).goal.pillar == "(1) 多彩な交流の推進");
    CHECK(row(b, 391).goal.measure == "3 国際交流の推進");
}

TEST_CASE("photo captions and page furniture are neither projects nor headings",
          "[extract][tables]") {
    for (int line : {24, 179, 314}) CHECK(at_line(plan2020(), line).empty());
    for (int line : {24, 326, 493}) CHECK(at_line(plan2022(), line).empty());
    // 493 is the caption "かごしまラバーズプロジェクト事業"; the project itself is on 475 and 481.
    size_t lovers = 0;
    for (const auto& r : plan2022().records) lovers += r.name == "かごしまラバーズプロジェクト事業";
    CHECK(lovers == 2);
    // The caption on line 179 does not end the 主な継続事業 list's measure.
    CHECK(row(plan2020(), 192).goal.measure == "2 効率的で健全な行財政運営の推進");
}

TEST_CASE("spaced letters in names and summaries are joined", "[extract][tables]") {
    const auto& b = plan2022();
    CHECK(row(b, 169).name == "EBPM推進事業");
    CHECK(row(b, 169).flags == Strings{"新"});
    CHECK(row(b, 169).summary ==
          "データに基づく政策立案（EBPM）を推進するため、職員研修等を行う。");
    CHECK(row(b, 175).name == "SDGs推進事業");
    CHECK(row(b, 256).name == "EBPM研修事業");
    CHECK(row(b, 255).name == "保健活動従事者等人材育成事業");
    CHECK_THAT(row(plan2020(), 117).summary, Catch::Contains("UIJターンイベントの開催"));
}

TEST_CASE("every record is complete: name, department, hierarchy, budget, summary by section",
          "[extract][tables]") {
    for (const auto* d : {&plan2020(), &plan2022()}) {
        for (const auto& r : d->records) {
            CAPTURE(r.id, r.name);
            CHECK_FALSE(r.name.empty());
            CHECK_FALSE(r.departments.empty());
            CHECK_FALSE(r.goal.goal.empty());
            CHECK_FALSE(r.goal.policy.empty());
            CHECK_FALSE(r.goal.measure.empty());
            CHECK(r.budget.has_value());
            CHECK(r.source.end_line == r.source.line);  // no row of these two documents wraps
            if (r.section == "主要事業") {
                CHECK_FALSE(r.summary.empty());
                CHECK_FALSE(r.goal.pillar.empty());
            } else {
                CHECK(r.summary.empty());
                CHECK(r.goal.pillar.empty());
            }
            CHECK(r.name.find("(再)") == std::string::npos);
            CHECK(r.name.find("（再）") == std::string::npos);
            CHECK(r.name.find("○") == std::string::npos);
        }
    }
}

TEST_CASE("ids are unique within a document and the same on every extraction",
          "[extract][tables]") {
    for (const std::string id : {"kagoshima-2020-jisshi", "kagoshima-2022-jisshi"}) {
        const auto& first = kagoshima(id);
        std::set<std::string> ids;
        for (const auto& r : first.records) ids.insert(r.id);
        CHECK(ids.size() == first.records.size());
        const Manifest m = load_manifest(PLAN_CORPUS_DIR);
        ExtractedDocument again = extract_document(*m.find(id));
        REQUIRE(again.records.size() == first.records.size());
        for (size_t i = 0; i < again.records.size(); ++i)
            CHECK(again.records[i].id == first.records[i].id);
    }
    CHECK(row(plan2022(), 639).id == "kagoshima-2022-jisshi-639");
}

TEST_CASE("wrapped rows are joined and end on their last line", "[extract][tables]") {
    auto dir = test::scratch("tables-wrapped");
    const auto path = dir / "wrapped.txt";
    std::ofstream(path) << "基本目標 1 テストのまち\n\n"
                           "基本施策 1 テストの施策\n\n事業費 8百万円\n\n"
                           "1 テストの単位施策\n\n【主要事業】\n\n(1) テストの柱\n\n"
                           "事業名\t事業概要\t所管課\n"
                           "(新)\t長い事業\t概要の前半、\t総務局総務課\n"  // 14
                           "概要の後半を行う。\n"                          // 15: summary
                           "政策企画課\n"                                  // 16: department
                           "二課の事業\t概要。\t総務局\n"                  // 17
                           "総務課 ほか\n"                                 // 18
                           "\n事業名\t事業概要\t所管課\n"
                           "長い名前の\n"                  // 21: name head
                           "事業の続き\t概要。\t広報課\n"  // 22
                           "\n【主な継続事業】\n\n事業名\t所管課\n"
                           "○ 長い名前の\n"         // 27
                           "事業（再）\t広報課\n";  // 28
    ExtractedDocument d = extract_file(path.string(), "tables", "鹿児島市");
    REQUIRE(d.records.size() == 4);
    const auto& a = d.records[0];
    CHECK(a.name == "長い事業");
    CHECK(a.summary == "概要の前半、概要の後半を行う。");
    CHECK(a.departments == Strings{"総務局総務課", "政策企画課"});
    CHECK(a.flags == Strings{"新"});
    CHECK(a.source.line == 14);
    CHECK(a.source.end_line == 16);
    CHECK(a.budget->yen == 8000000LL);
    const auto& b = d.records[1];
    CHECK(b.departments == Strings{"総務局総務課"});  // "総務局" wrapped before "総務課"
    CHECK(b.departments_more);
    CHECK(b.source.end_line == 18);
    const auto& c = d.records[2];
    CHECK(c.name == "長い名前の事業の続き");
    CHECK(c.summary == "概要。");
    CHECK(c.departments == Strings{"広報課"});
    CHECK(c.source.line == 21);
    CHECK(c.source.end_line == 22);
    const auto& e = d.records[3];
    CHECK(e.name == "長い名前の事業");
    CHECK(e.flags == Strings{"再"});
    CHECK(e.departments == Strings{"広報課"});
    CHECK(e.section == "主な継続事業");
    CHECK(e.source.line == 27);
    CHECK(e.source.end_line == 28);
    CHECK(d.report.unclassified.empty());
}

TEST_CASE("lines the reader cannot place are reported with their line number",
          "[extract][tables]") {
    auto dir = test::scratch("tables-unclassified");
    const auto path = dir / "odd.txt";
    std::ofstream(path)
        << "基本目標 1 テストのまち\n\n基本施策 1 テストの施策\n\n"
           "1 テストの単位施策\n\n【主要事業】\n\n(1) テストの柱\n\n"
           "事業名\t事業概要\t所管課\n"
           "事業A\t概要。\t広報課\n\n"
           "これは表の途中に紛れ込んだ説明の文で、写真の説明とも事業とも読めない。\n";
    ExtractedDocument d = extract_file(path.string(), "tables", "鹿児島市");
    CHECK(d.records.size() == 1);
    REQUIRE(d.report.unclassified.size() == 1);
    CHECK(d.report.unclassified[0].first == 14);
}

TEST_CASE("budget amounts parse to yen", "[extract][budget]") {
    CHECK(parse_yen_amount("10億16百万円") == 1016000000LL);
    CHECK(parse_yen_amount("50億46百万円") == 5046000000LL);
    CHECK(parse_yen_amount("9億4百万円") == 904000000LL);
    CHECK(parse_yen_amount("8百万円") == 8000000LL);
    CHECK(parse_yen_amount("1億円") == 100000000LL);
    CHECK(parse_yen_amount("3,500万円") == 35000000LL);
    CHECK(parse_yen_amount("1億2,345万円") == 123450000LL);
    CHECK(parse_yen_amount("12,345千円") == 12345000LL);
    CHECK(parse_yen_amount("１億５千万円") == 150000000LL);
    CHECK(parse_yen_amount("500円") == 500LL);
    CHECK_FALSE(parse_yen_amount("").has_value());
    CHECK_FALSE(parse_yen_amount("円").has_value());
    CHECK_FALSE(parse_yen_amount("10億16百万").has_value());
    CHECK_FALSE(parse_yen_amount("約1億円").has_value());
    CHECK_FALSE(parse_yen_amount("5万3億円").has_value());
}
