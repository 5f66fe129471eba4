// Related projects across cities, the same project across plan periods, and the cross-city view.
#include "search/related.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "index/index_builder.h"
#include "test_support.h"

using namespace plan;

namespace {

// The id of the main (not re-listed) record of a document whose name contains `name_part`.
std::string id_of(const std::string& document, const std::string& name_part) {
    for (const auto& d : test::corpus_records())  // an exact name first
        for (const auto& r : d.records)
            if (r.document.id == document && r.name == name_part && !r.is_relisted()) return r.id;
    for (const auto& d : test::corpus_records())
        for (const auto& r : d.records)
            if (r.document.id == document && r.name.find(name_part) != std::string::npos && !r.is_relisted())
                return r.id;
    for (const auto& d : test::corpus_records())  // only re-listed copies exist
        for (const auto& r : d.records)
            if (r.document.id == document && r.name.find(name_part) != std::string::npos) return r.id;
    FAIL("no record in " << document << " named like " << name_part);
    return {};
}

size_t position_of(const RelatedResponse& r, const std::string& document, const std::string& name_part) {
    for (size_t i = 0; i < r.results.size(); ++i)
        if (r.results[i].record.document.id == document &&
            r.results[i].record.name.find(name_part) != std::string::npos)
            return i + 1;
    return 0;
}

// A record of a two-city test plan: 甲市's document is a-plan, 乙市's b-plan.
ProjectRecord plan_record(const std::string& city, const std::string& name, const std::string& goal,
                          int line) {
    ProjectRecord r;
    r.id = city + "-" + std::to_string(line);
    r.city = city;
    r.document = {city == "甲市" ? "a-plan" : "b-plan", city + "計画", 2026};
    r.name = name;
    r.goal.goal = goal;
    r.source.line = line;
    return r;
}

// The first five related projects of `id` in an index built from `documents` alone.
RelatedResponse related_in(const std::vector<std::vector<ProjectRecord>>& documents,
                           const std::string& scratch_name, const std::string& id) {
    BuildOptions options;
    options.index_dir = test::scratch(scratch_name) / "index";
    build_index(documents, options, default_analyzer());
    PlanSearcher searcher(options.index_dir.string(), default_analyzer());
    RelatedOptions o;
    o.limit = 5;
    return find_related(searcher, id, o);
}

RelatedResponse related(const std::string& id, size_t limit = 5, bool same_city = false) {
    RelatedOptions o;
    o.limit = limit;
    o.same_city = same_city;
    return find_related(test::corpus_searcher(), id, o);
}

}  // namespace

TEST_CASE("鹿児島市's 個人番号カード交付事業 and 金沢市's 個人番号カード bullet find each other", "[related]") {
    auto k = related(id_of("kagoshima-2020-jisshi", "個人番号カード交付事業"));
    size_t pos = position_of(k, "kanazawa-2020-yosan", "個人番号カードの交付窓口");
    CHECK(pos >= 1);
    CHECK(pos <= 2);
    for (const auto& h : k.results) CHECK(h.record.city != "鹿児島市");
    auto z = related(id_of("kanazawa-2020-yosan", "個人番号カードの交付窓口"));
    REQUIRE_FALSE(z.results.empty());
    CHECK(z.results[0].record.name == "個人番号カード交付事業");
    CHECK_THAT(z.results[0].shared_terms, Catch::VectorContains(std::string("個人番号カード")));
}

TEST_CASE("a rare shared word outweighs the common words of a long text", "[related]") {
    // 本庁舎広告付案内表示板運用事業 and 金沢市's 第二本庁舎 share 本庁舎; 大船渡市's long sheets share
    // more characters with it (事業, 運用, 案内, 活用), each of them common. Counted by how rare they
    // are (tf·idf), the shared 本庁舎 wins; counted alone, it was 7th.
    auto r = related(id_of("kagoshima-2020-jisshi", "本庁舎広告付案内表示板運用事業"));
    REQUIRE_FALSE(r.results.empty());
    CHECK(r.results[0].record.name.find("第二本庁舎") != std::string::npos);
}

TEST_CASE("移住 projects of the three cities are related to each other", "[related]") {
    auto k = related(id_of("kagoshima-2022-jisshi", "かごしま移住支援"));
    CHECK(position_of(k, "suzaka-2021-kihon", "移住定住の促進") >= 1);
    auto s = related(id_of("suzaka-2021-kihon", "県内外からの移住定住の促進"));
    bool kagoshima_migration = false;
    for (const auto& h : s.results) {
        CHECK(h.record.city != "須坂市");
        kagoshima_migration |= h.record.city == "鹿児島市" && h.record.name.find("移住") != std::string::npos;
    }
    CHECK(kagoshima_migration);
    auto z = related(id_of("kanazawa-2020-yosan", "いいね金沢ゼミ"));
    bool migration_elsewhere = false;
    for (const auto& h : z.results)
        migration_elsewhere |= h.record.city != "金沢市" &&
                               (h.record.name.find("移住") != std::string::npos ||
                                h.record.summary.find("UIJターン") != std::string::npos);
    CHECK(migration_elsewhere);
}

TEST_CASE("each related project says which channels linked it and by what", "[related]") {
    auto k = related(id_of("kagoshima-2020-jisshi", "個人番号カード交付事業"));
    REQUIRE_FALSE(k.results.empty());
    const auto& top = k.results[0];
    std::map<std::string, std::vector<std::string>> reasons;
    double sum = 0;
    for (const auto& r : top.reasons) {
        reasons[r.channel] = r.terms;
        sum += r.score;
    }
    CHECK(sum == top.score);  // the fused score is the sum of the channels' parts
    CHECK_THAT(reasons["terms"], Catch::VectorContains(std::string("個人番号カード")));
    REQUIRE(reasons.count("name"));
    CHECK_THAT(reasons["name"], Catch::VectorContains(std::string("個人番号カード")));
    // The JSON of the command line carries them.
    auto cli = test::run(std::string(PLAN_SEARCH_BIN) + " related --index " + test::corpus_index() +
                         " --json " + id_of("kagoshima-2020-jisshi", "個人番号カード交付事業"));
    REQUIRE(cli.exit_code == 0);
    auto j = nlohmann::json::parse(cli.out);
    REQUIRE_FALSE(j["results"].empty());
    std::set<std::string> channels;
    for (const auto& r : j["results"][0]["reasons"])
        channels.insert(r["channel"].get<std::string>());
    CHECK(channels.count("terms"));
    CHECK(channels.count("name"));
}

TEST_CASE("a project with only a name still gets related projects of other cities", "[related]") {
    // Name-only records (金沢市's bullets, 鹿児島市's その他の主な事業) used to get 0-2 candidates.
    for (const char* name :
         {"基幹系システム等整備事業", "組織機構の見直し及び定員管理の適正化の推進"}) {
        CAPTURE(name);
        auto r = related(id_of("kagoshima-2020-jisshi", name), 10);
        REQUIRE(r.source.summary.empty());
        CHECK(r.results.size() == 10);
        for (const auto& h : r.results) CHECK(h.record.city != "鹿児島市");
    }
    // 基幹系システム: 金沢市's 次期基幹情報システム among the first five.
    auto k = related(id_of("kagoshima-2020-jisshi", "基幹系システム等整備事業"), 5);
    CHECK(position_of(k, "kanazawa-2020-yosan", "次期基幹情報システム") >= 1);
    // Even a project sharing nothing with any other city is followed by the best partial matches.
    auto lone = related(id_of("kanazawa-2020-yosan", "冬の風物詩である薦掛けと雪吊り"), 5);
    CHECK(lone.results.size() == 5);
}

TEST_CASE("a lone name's list starts with the projects under its headings, not the first ones",
          "[related]") {
    // 喜事業 shares no word or bigram with the other city; 60 of its projects come first in source
    // order and sit under other headings. The one under シティプロモーション is the partial match
    // the list must start with (before, a pool of the first 50 projects in source order missed it).
    std::vector<ProjectRecord> a{plan_record("甲市", "喜事業", "シティプロモーションの推進", 1)};
    std::vector<ProjectRecord> b;
    const char* others[] = {"道路の維持管理", "河川の改修",     "消防団の活動",
                            "図書館の運営",   "学校給食の提供", "公園の整備"};
    const char* goals[] = {"安全なまちづくり", "教育の充実", "生活基盤の整備"};
    for (int i = 0; i < 60; ++i)
        b.push_back(plan_record("乙市", std::string(others[i % 6]) + std::to_string(i),
                                goals[i % 3], i + 1));
    b.push_back(plan_record("乙市", "都市魅力発信", "シティプロモーションの推進", 61));
    auto r = related_in({a, b}, "related-headings", "甲市-1");
    REQUIRE(r.results.size() == 5);
    CHECK(r.results[0].record.name == "都市魅力発信");
}

TEST_CASE("a project under the source's heading is ranked even when shared wording fills the pool",
          "[related]") {
    // 乙市's 60 projects each share one of the marathon's telling words (会場, 駐車場, …) and
    // nothing else; its sports grant shares no wording at all, only the heading スポーツの推進.
    // Those 60 fill the pool of 50 by content alone, so the grant never reached the ranking;
    // places kept for the heading channel's candidates let it in, and the heading puts it first.
    const char* shared[] = {"会場", "駐車場", "表彰", "記念品", "受付",
                            "募集", "案内",   "協力", "救護",   "給水"};
    ProjectRecord marathon = plan_record("甲市", "市民マラソン大会", "スポーツの推進", 1);
    for (const char* w : shared) marathon.summary += std::string(w) + "、";
    std::vector<ProjectRecord> a{marathon};
    std::vector<ProjectRecord> b;
    const char* topics[] = {"図書館", "美術館", "公民館", "保育所", "市営住宅", "斎場"};
    for (int i = 0; i < 60; ++i)
        b.push_back(plan_record("乙市", std::string(topics[i % 6]) + "の" + shared[i / 6],
                                "生涯学習の充実", i + 1));
    b.push_back(plan_record("乙市", "競技団体への助成", "スポーツの推進", 61));
    auto r = related_in({a, b}, "related-heading-slots", "甲市-1");
    REQUIRE(r.results.size() == 5);
    CHECK(r.results[0].record.name == "競技団体への助成");
    REQUIRE_FALSE(r.results[0].reasons.empty());
    CHECK(r.results[0].reasons[0].channel == "heading");
}

TEST_CASE("related with --same-city may list the own city but never the project or its copies", "[related]") {
    const std::string id = id_of("kagoshima-2020-jisshi", "かごしま移住支援");
    auto r = related(id, 10, true);
    for (const auto& h : r.results) {
        CHECK(h.record.id != id);
        CHECK(h.record.name != "かごしま移住支援・プロモーション事業");
    }
    auto cli = test::run(std::string(PLAN_SEARCH_BIN) + " related --index " + test::corpus_index() + " --json " + id);
    REQUIRE(cli.exit_code == 0);
    auto j = nlohmann::json::parse(cli.out);
    CHECK(j["source"]["id"] == id);
    for (const auto& hit : j["results"]) {
        CHECK(hit["city"] != "鹿児島市");
        CHECK(hit.contains("shared_terms"));
    }
}

TEST_CASE("a short related list is the head of a long one", "[related]") {
    // kanazawa-2020-yosan-485 lost a 大船渡市 project scoring above the tenth from a 10-item list
    // (Xapian's max-weight pruning) before the related search visited every match.
    std::vector<std::string> ids = {"kanazawa-2020-yosan-485"};
    const auto& all = test::corpus_records();
    for (const auto& d : all)
        for (size_t i = 0; i < d.records.size(); i += 40) ids.push_back(d.records[i].id);
    for (const auto& id : ids) {
        CAPTURE(id);
        const auto longer = related(id, 60);
        for (size_t limit : {5, 10}) {
            const auto shorter = related(id, limit);
            REQUIRE(shorter.results.size() == std::min(limit, longer.results.size()));
            for (size_t i = 0; i < shorter.results.size(); ++i)
                CHECK(shorter.results[i].record.id == longer.results[i].record.id);
        }
    }
}

TEST_CASE("a related lookup past its time limit fails instead of answering inexactly",
          "[related][limits]") {
    const std::string id = "kanazawa-2020-yosan-485";
    RelatedOptions options;
    options.time_limit_ms = 1e-6;
    CHECK_THROWS_AS(find_related(test::corpus_searcher(), id, options), SearchTimeLimit);
    options.time_limit_ms = 60000;  // ample: the same list as without a limit
    const auto limited = find_related(test::corpus_searcher(), id, options);
    const auto unlimited = related(id, options.limit);
    REQUIRE(limited.results.size() == unlimited.results.size());
    for (size_t i = 0; i < limited.results.size(); ++i)
        CHECK(limited.results[i].record.id == unlimited.results[i].record.id);
}

TEST_CASE("an unknown id is a clear error", "[related][errors]") {
    CHECK_THROWS_WITH(related("no-such-id"), Catch::Contains("no record with id 'no-such-id'"));
    auto cli = test::run(std::string(PLAN_SEARCH_BIN) + " related --index " + test::corpus_index() + " no-such-id");
    CHECK(cli.exit_code == 3);
}

namespace {

// Each record of a history by name, with its relation to the source.
std::map<std::string, std::string> relations_by_name(const PlanHistory& h) {
    std::map<std::string, std::string> out;
    for (const auto& e : h.entries) out[e.record.name] = e.relation;
    return out;
}

// Each 2020 project of `earlier` is linked to the 2022 project `later` alone, relation merged,
// and the history of `later` names each of them merged.
void check_merged_into(const std::string& later, const std::vector<std::string>& earlier) {
    const std::string later_id = id_of("kagoshima-2022-jisshi", later);
    std::map<std::string, std::string> expected{{later, "self"}};
    for (const auto& name : earlier) {
        CAPTURE(name);
        auto h = plan_history(test::corpus_searcher(), id_of("kagoshima-2020-jisshi", name));
        REQUIRE(h.entries.size() == 2);
        CHECK(h.entries[1].record.id == later_id);
        CHECK(h.entries[1].relation == "merged");
        expected[name] = "merged";
    }
    CHECK(relations_by_name(plan_history(test::corpus_searcher(), later_id)) == expected);
}

}  // namespace

TEST_CASE("a 2020 鹿児島市 project is linked to its 2022 entry, expanded (拡)", "[history]") {
    auto h = plan_history(test::corpus_searcher(), id_of("kagoshima-2020-jisshi", "かごしま移住支援"));
    REQUIRE(h.entries.size() == 2);
    CHECK(h.entries[0].record.document.year == 2020);
    CHECK(h.entries[0].relation == "self");
    CHECK(h.entries[1].record.document.id == "kagoshima-2022-jisshi");
    CHECK(h.entries[1].relation == "same name");
    CHECK_THAT(h.entries[1].record.flags, Catch::VectorContains(std::string("拡")));
    CHECK_FALSE(h.entries[1].record.is_relisted());
    CHECK_THAT(h.entries[1].summary_added, Catch::VectorContains(std::string("県外からの移住世帯に対する支援を拡充する")));
}

TEST_CASE("a project split in two is linked to both, relation split", "[history]") {
    // 2020 基本研修及び専門研修等の充実 is in 2022 both 職員研修事業 (new name, the same summary)
    // and the same-named item of その他の主な事業.
    auto h = plan_history(test::corpus_searcher(), id_of("kagoshima-2022-jisshi", "職員研修事業"));
    REQUIRE(h.entries.size() == 2);
    CHECK(h.entries[0].record.document.id == "kagoshima-2020-jisshi");
    CHECK(h.entries[0].record.name == "基本研修及び専門研修等の充実");
    CHECK(h.entries[0].relation == "split");
    auto from_2020 = plan_history(test::corpus_searcher(),
                                  id_of("kagoshima-2020-jisshi", "基本研修及び専門研修等の充実"));
    auto relation_of = relations_by_name(from_2020);
    CHECK(relation_of["基本研修及び専門研修等の充実"] == "same name");
    CHECK(relation_of["職員研修事業"] == "split");
    // A 金沢市 bullet has no other period in the corpus.
    auto k = plan_history(test::corpus_searcher(), id_of("kanazawa-2020-yosan", "個人番号カードの交付窓口"));
    CHECK(k.entries.size() == 1);
}

TEST_CASE("a renamed project is linked with relation renamed", "[history]") {
    // 2020 市長とふれあいトーク became 2022 市長と語る会: same 市民協働課, same heading, the
    // summary kept (市長が自ら地域…に出向き).
    auto h = plan_history(test::corpus_searcher(),
                          id_of("kagoshima-2020-jisshi", "市長とふれあいトーク"));
    REQUIRE(h.entries.size() == 2);
    CHECK(h.entries[1].record.document.id == "kagoshima-2022-jisshi");
    CHECK(h.entries[1].record.name == "市長と語る会");
    CHECK(h.entries[1].relation == "renamed");
    // A project that ended with its plan (the 2020 次期総合計画策定事業 drafted the 2022 plan)
    // is not linked to the 2022 plan's 総合計画の推進.
    auto ended = plan_history(test::corpus_searcher(),
                              id_of("kagoshima-2020-jisshi", "次期総合計画策定事業"));
    CHECK(ended.entries.size() == 1);
}

TEST_CASE("two projects merged into a new one are each linked to it, relation merged",
          "[history]") {
    // 2020 まちおもい“伝え隊！”育成事業 (workshops for citizens) and
    // かごしま“自分ごと”発見・体験講座 (courses for young people of the capital region) end; 2022's
    // new かごしまラバーズプロジェクト 事業 of the same 広報戦略室 holds both
    // (ワークショップ…首都圏の若者…). Neither name continues.
    check_merged_into("かごしまラバーズプロジェクト事業",
                      {"まちおもい“伝え隊！”育成事業", "かごしま“自分ごと”発見・体験講座"});
    // A summary that merely shares the phrasing of a project continuing under its own name is no
    // part of it: 市長とふれあいトーク is renamed 市長と語る会, not split into 市政出前トーク事業
    // too.
    auto talk = plan_history(test::corpus_searcher(),
                             id_of("kagoshima-2020-jisshi", "市長とふれあいトーク"));
    for (const auto& e : talk.entries) CHECK(e.record.name != "市政出前トーク事業");
}

TEST_CASE("projects whose names live on in a new project's text are linked to it, merged",
          "[history]") {
    // 2020 SNSを活用した市政情報の発信 (no summary) and 市政広報パワーアップ事業 (SNS seminars for
    // staff) of 広報課 end; 2022's 市民と一緒に大好きかごしま発信事業 of the same 広報課 starts
    // and its summary holds both (SNSの活用…市政広報と…情報発信). Their summaries share too
    // little for the summary rule: what links them is the rare part of the old names.
    check_merged_into("市民と一緒に大好きかごしま発信事業",
                      {"SNSを活用した市政情報の発信", "市政広報パワーアップ事業"});
    // Common words are not a carried name: 改新地域活性化事業 shares 地域, 活性化 and 事業 with
    // the new 桜島の未来を拓く空き家マッチング事業 of the same 支所 (half of its character bigrams,
    // little of their weight) and ends unlinked.
    auto ended =
        plan_history(test::corpus_searcher(), id_of("kagoshima-2020-jisshi", "改新地域活性化事業"));
    CHECK(ended.entries.size() == 1);
}

TEST_CASE("compare prints, per city, its best matching projects side by side", "[compare][cli]") {
    auto g = compare_cities(test::corpus_searcher(), "移住 支援", 3);
    std::set<std::string> cities;
    for (const auto& grp : g.groups) {
        cities.insert(grp.value);
        CHECK(grp.hits.size() <= 3);
        std::set<std::string> names;
        for (const auto& h : grp.hits) CHECK(names.insert(h.record.name).second);  // one entry per project
    }
    CHECK(cities == std::set<std::string>{"鹿児島市", "須坂市", "金沢市", "大船渡市"});
    auto cli = test::run(std::string(PLAN_SEARCH_BIN) + " compare --index " + test::corpus_index() + " '移住 支援'");
    REQUIRE(cli.exit_code == 0);
    CHECK_THAT(cli.out, Catch::Contains("鹿児島市") && Catch::Contains("須坂市") && Catch::Contains("金沢市") &&
                            Catch::Contains("かごしま移住支援"));
}

TEST_CASE("大船渡市's 移住 projects and other cities' are counterparts of each other", "[related][ofunato]") {
    std::string ofunato_id;
    for (const auto& d : test::corpus_records())
        for (const auto& r : d.records)
            if (r.city == "大船渡市" && r.name == "移住支援事業") ofunato_id = r.id;
    REQUIRE_FALSE(ofunato_id.empty());
    auto o = related(ofunato_id, 5);
    bool other_city_migration = false;
    for (const auto& h : o.results) {
        CHECK(h.record.city != "大船渡市");
        other_city_migration |= h.record.name.find("移住") != std::string::npos;
    }
    CHECK(other_city_migration);
    // And from the other side: 鹿児島市's 移住・就業等支援事業 (the 移住支援金) finds 大船渡市.
    auto k = related(id_of("kagoshima-2022-jisshi", "移住・就業等支援事業"), 5);
    bool ofunato = false;
    for (const auto& h : k.results) ofunato |= h.record.city == "大船渡市" && h.record.name.find("移住") != std::string::npos;
    CHECK(ofunato);
}
