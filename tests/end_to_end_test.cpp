// End to end: the corpus index built by the real plan-index, searched through the real programs.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace plan;

TEST_CASE("the index holds records of all four documents", "[e2e]") {
    auto& s = test::corpus_searcher();
    FacetCounts all = s.all_facets();
    std::map<std::string, size_t> per_doc;
    for (const auto& v : all["document"]) per_doc[v.value] = v.count;
    for (const char* id : {"kagoshima-2020-jisshi", "kagoshima-2022-jisshi", "suzaka-2021-kihon",
                           "kanazawa-2020-yosan"}) {
        CAPTURE(id);
        CHECK(per_doc[id] > 10);
    }
    // Every extracted record is in the index.
    size_t extracted = 0;
    for (const auto& d : test::corpus_records()) extracted += d.records.size();
    CHECK(s.record_count() == extracted);
}

TEST_CASE("plan-search query 移住 --json returns projects of all four cities with the contract fields",
          "[e2e][cli]") {
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --index " + test::corpus_index() +
                       " --json --limit 50 移住");
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    for (const char* key : {"query", "total", "total_exact", "offset", "limit", "results", "facets", "elapsed_ms"})
        CHECK(j.contains(key));
    std::set<std::string> cities;
    for (const auto& hit : j["results"]) {
        for (const char* key : {"id", "city", "prefecture", "document", "source", "section", "goal", "name",
                                "summary", "departments", "flags", "budget", "rank", "score", "snippet"})
            CHECK(hit.contains(key));
        for (const char* key : {"id", "title", "year"}) CHECK(hit["document"].contains(key));
        for (const char* key : {"file", "origin", "line", "end_line"}) CHECK(hit["source"].contains(key));
        for (const char* key : {"goal", "policy", "measure", "pillar"}) CHECK(hit["goal"].contains(key));
        CHECK(hit["source"]["line"].get<int>() >= 1);
        cities.insert(hit["city"].get<std::string>());
    }
    CHECK(cities == std::set<std::string>{"鹿児島市", "須坂市", "金沢市", "大船渡市"});
    for (const char* facet : {"department", "flag", "goal", "policy", "city", "document", "section"})
        CHECK(j["facets"].contains(facet));
}

TEST_CASE("the terminal listing shows rank, city, name and departments", "[e2e][cli]") {
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --index " + test::corpus_index() +
                       " --limit 3 広報紙");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("1.") && Catch::Contains("鹿児島市") && Catch::Contains("広報課"));
    CHECK(r.out.find("\033[") == std::string::npos);  // piped: no escape codes
}

TEST_CASE("a missing index is a clear error with exit status 4", "[e2e][cli]") {
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --index /nonexistent/index 移住");
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("no index at /nonexistent/index"));
}

TEST_CASE("an unknown option is a usage error with exit status 2", "[cli]") {
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --colour 移住");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--colour"));
}
