// Shards: `plan-index build --shard-by …` writes one Xapian database per shard and a stub; searched
// through the stub, results, scores and facet counts equal those of one combined database.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "index/shard_layout.h"
#include "shard_equivalence.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

using test::queries;
using test::request;
using test::require_same;

std::string build_sharded(const std::string& name, const std::string& options) {
    const fs::path dir = test::scratch(name);
    const std::string index = (dir / "index").string();
    auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR +
                       " --index " + index + " " + options);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return index;
}

}  // namespace

TEST_CASE("build --shard-by city writes one database per city and a stub listing them",
          "[shards]") {
    const std::string index = build_sharded("shard-city-layout", "--shard-by city");
    const fs::path gen = fs::canonical(index);
    REQUIRE(fs::exists(gen / "XAPIANDB"));
    std::set<std::string> listed;
    for (const auto& e : read_stub(gen / "XAPIANDB")) {
        CHECK(e.type == "auto");
        CHECK(fs::exists(gen / e.target / "iamglass"));
        listed.insert(e.target);
    }
    CHECK(listed == std::set<std::string>{"city-鹿児島市", "city-須坂市", "city-金沢市", "city-大船渡市"});

    PlanSearcher sharded(index, default_analyzer());
    CHECK(sharded.record_count() == test::corpus_searcher().record_count());
    // A record is found by id whichever shard holds it.
    auto rec = sharded.find("kanazawa-2020-yosan-13");
    auto same = test::corpus_searcher().find("kanazawa-2020-yosan-13");
    REQUIRE(same);
    REQUIRE(rec);
    CHECK(rec->name == same->name);
}

TEST_CASE("a city-sharded index ranks, scores and counts facets exactly like one database",
          "[shards]") {
    PlanSearcher sharded(build_sharded("shard-city", "--shard-by city"), default_analyzer());
    auto& combined = test::corpus_searcher();
    // The comparison is not vacuous: the top results of 移住 come from several shards.
    auto top = combined.search(request("移住"));
    std::set<std::string> cities;
    for (size_t i = 0; i < std::min<size_t>(10, top.results.size()); ++i)
        cities.insert(top.results[i].record.city);
    CHECK(cities.size() >= 2);
    for (const auto& req : queries()) require_same(combined, sharded, req);
}

TEST_CASE("a city-sharded index relates the same projects and plan history as one database",
          "[shards][related]") {
    PlanSearcher sharded(build_sharded("shard-city-related", "--shard-by city"),
                         default_analyzer());
    auto& combined = test::corpus_searcher();
    const auto ids = test::sample_ids(combined, 10);
    REQUIRE(ids.size() > 100);
    for (const auto& id : ids) test::require_same_related(combined, sharded, id);
}

TEST_CASE("document shards hashed onto two databases search like one database", "[shards]") {
    const std::string index = build_sharded("shard-doc2", "--shard-by document --shards 2");
    std::set<std::string> listed;
    for (const auto& e : read_stub(fs::canonical(index) / "XAPIANDB")) listed.insert(e.target);
    CHECK(listed == std::set<std::string>{"part-0", "part-1"});
    PlanSearcher sharded(index, default_analyzer());
    for (const auto& req : queries()) require_same(test::corpus_searcher(), sharded, req);
}

TEST_CASE("plan-search reads a sharded index through --index like any other", "[shards][cli]") {
    const std::string index = build_sharded("shard-cli", "--shard-by prefecture");
    auto sharded = test::run(std::string(PLAN_SEARCH_BIN) + " query --json --limit 20 --index " +
                             index + " 移住");
    auto single = test::run(std::string(PLAN_SEARCH_BIN) + " query --json --limit 20 --index " +
                            test::corpus_index() + " 移住");
    REQUIRE(sharded.exit_code == 0);
    REQUIRE(single.exit_code == 0);
    auto a = nlohmann::json::parse(single.out), b = nlohmann::json::parse(sharded.out);
    a.erase("elapsed_ms");
    b.erase("elapsed_ms");
    CHECK(a == b);
}

TEST_CASE("an unknown shard-by value is a usage error", "[shards][cli]") {
    auto r =
        test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR + " --index " +
                  (test::scratch("shard-bad") / "i").string() + " --shard-by town");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--shard-by"));
}
