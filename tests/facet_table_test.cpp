// The facet table (core/facet_table.h) walked row by row: every fixed facet is written by the
// indexer, found by each of its filter spellings (CLI option, query field and aliases, HTTP
// parameter) and counted in facets; the OpenAPI document lists exactly the table's parameters.
#include "facet_table.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <set>

#include "http/api_request.h"
#include "http/web_assets.h"
#include "search/facets.h"
#include "search/query_parser.h"
#include "test_support.h"

using namespace plan;

namespace {

// How a test record gets a value for a row. A new row needs a line here (the test says so).
struct Sample {
    std::function<void(ProjectRecord&, const std::string&)> set;
    std::string value, other;  // the value of record "a", and of record "b"
};

const std::map<std::string, Sample>& samples() {
    static const std::map<std::string, Sample> s = {
        {"city", {[](ProjectRecord& r, const std::string& v) { r.city = v; }, "架空市", "別府町"}},
        {"prefecture",
         {[](ProjectRecord& r, const std::string& v) { r.prefecture = v; }, "架空県", "別府県"}},
        {"document",
         {[](ProjectRecord& r, const std::string& v) { r.document.id = v; }, "kaku-2031", "beppu"}},
        {"year",
         {[](ProjectRecord& r, const std::string& v) { r.document.year = std::stoi(v); }, "2031",
          "2030"}},
        {"department",
         {[](ProjectRecord& r, const std::string& v) { r.departments = {v}; }, "架空推進課",
          "別府総務課"}},
        {"flag", {[](ProjectRecord& r, const std::string& v) { r.flags = {v}; }, "新", "拡"}},
        {"goal",
         {[](ProjectRecord& r, const std::string& v) { r.goal.goal = v; }, "架空の目標",
          "別府の目標"}},
        {"policy",
         {[](ProjectRecord& r, const std::string& v) { r.goal.policy = v; }, "架空の施策",
          "別府の施策"}},
        {"measure",
         {[](ProjectRecord& r, const std::string& v) { r.goal.measure = v; }, "架空の単位施策",
          "別府の単位施策"}},
        {"section",
         {[](ProjectRecord& r, const std::string& v) { r.section = v; }, "架空事業", "別府事業"}},
    };
    return s;
}

ProjectRecord sample_record(const std::string& id, bool other) {
    ProjectRecord r;
    r.id = id;
    r.name = "架空の事業 " + id;
    r.summary = "表の行を確かめる";
    r.source = {"test.txt", "test.txt", 1, 1};
    for (const auto& f : schema::facet_fields()) {
        const Sample& s = samples().at(std::string(f.name));
        s.set(r, other ? s.other : s.value);
    }
    return r;
}

// A scratch index of two records, "a" and "b", each with its own value for every row.
const std::string& table_index() {
    static const std::string index = [] {
        for (const auto& f : schema::facet_fields())
            REQUIRE(samples().count(std::string(f.name)));  // a new row: add its Sample above
        const auto dir = test::scratch("facet-table");
        {
            std::ofstream out(dir / "records.jsonl");
            out << nlohmann::json(sample_record("a", false)).dump() << "\n"
                << nlohmann::json(sample_record("b", true)).dump() << "\n";
        }
        const std::string index = (dir / "index").string();
        auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --jsonl '" +
                           (dir / "records.jsonl").string() + "' --index '" + index + "'");
        REQUIRE(r.exit_code == 0);
        return index;
    }();
    return index;
}

// The field names a row answers to in queries: its name, its parameter alias and its aliases.
std::vector<std::string> spellings(const schema::FacetField& f) {
    std::vector<std::string> out{std::string(f.name)};
    if (!f.param_alias.empty()) out.emplace_back(f.param_alias);
    for (auto a : f.aliases) out.emplace_back(a);
    return out;
}

std::vector<std::string> ids(const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.record.id);
    return out;
}

const std::vector<std::string> kOnlyA = {"a"};

}  // namespace

TEST_CASE("every row of the facet table filters by each of its spellings", "[facets][schema]") {
    PlanSearcher searcher(table_index(), default_analyzer());
    for (const auto& f : schema::facet_fields()) {
        if (!f.filter) continue;
        const std::string name(f.name), value = samples().at(name).value;
        INFO("facet " << name << " = " << value);

        SearchRequest req;
        req.filters[name] = {value};
        CHECK(ids(searcher.search(req)) == kOnlyA);

        for (const auto& spelling : spellings(f)) {
            INFO("query field " << spelling);
            CHECK(canonical_filter_name(spelling) == name);
            SearchRequest q;
            q.query = spelling + ":" + value;
            CHECK(ids(searcher.search(q)) == kOnlyA);
            INFO("HTTP parameter " << spelling);
            CHECK(ids(searcher.search(parse_search_params({{spelling, value}}))) == kOnlyA);
        }

        for (size_t b = 0; b <= f.cli.size();) {
            size_t e = f.cli.find(',', b);
            if (e == std::string_view::npos) e = f.cli.size();
            const std::string option(f.cli.substr(b, e - b));
            b = e + 1;
            INFO("CLI option " << option);
            auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --json --index '" +
                               table_index() + "' " + option + " '" + value + "'");
            REQUIRE(r.exit_code == 0);
            const auto j = nlohmann::json::parse(r.out);
            CHECK(j["total"] == 1);
            CHECK(j["results"][0]["id"] == "a");
        }
    }
}

TEST_CASE("every facet row is counted in facets, with its last level where it says so",
          "[facets][schema]") {
    PlanSearcher searcher(table_index(), default_analyzer());
    const FacetCounts all = searcher.all_facets();
    const auto defs = facet_definitions({}, searcher.database());
    for (const auto& f : schema::facet_fields()) {
        const std::string name(f.name);
        INFO("facet " << name);
        const bool defined = std::any_of(defs.begin(), defs.end(),
                                         [&](const FacetDefinition& d) { return d.name == name; });
        CHECK(defined == f.facet);
        if (!f.facet) continue;
        REQUIRE(all.count(name));
        std::set<std::string> values;
        for (const auto& v : all.at(name)) {
            CHECK(v.count == 1);
            values.insert(v.value);
        }
        CHECK(values == std::set<std::string>{samples().at(name).value, samples().at(name).other});
    }
}

TEST_CASE(
    "the filter names, the accepted HTTP parameters and the page's facets come from the table",
    "[facets][schema]") {
    std::vector<std::string> names;
    for (const auto& f : schema::facet_fields())
        if (f.filter) names.emplace_back(f.name);
    CHECK(filter_names() == names);
    CHECK(canonical_filter_name("所管課") == "department");
    CHECK(canonical_filter_name("no-such-facet").empty());
    try {
        parse_search_params({{"no_such", "x"}});
        FAIL("an unknown parameter is accepted");
    } catch (const ApiError& e) {
        std::string listed;
        for (const auto& p : schema::filter_parameters()) listed += ", " + p;
        CHECK_THAT(e.what(), Catch::Contains(listed + ")"));  // every filter, in table order
    }
    const std::string script = schema::web_facets_script();
    for (const auto& f : schema::facet_fields())
        if (!f.web_title.empty()) CHECK_THAT(script, Catch::Contains(std::string(f.web_title)));
}

TEST_CASE("the OpenAPI document lists exactly the table's filter parameters", "[facets][openapi]") {
    const WebAsset* doc = find_web_asset("/api/openapi.json");
    REQUIRE(doc);
    const auto api = nlohmann::json::parse(doc->bytes);
    std::vector<std::string> documented;
    for (const auto& p : api["paths"]["/api/search"]["get"]["parameters"])
        if (p.value("description", "").starts_with("Filter on "))
            documented.push_back(p["name"].get<std::string>());
    const std::vector<std::string> table = schema::filter_parameters();
    CHECK(documented == table);  // same parameters, same order: neither may drift
    for (const auto& p : table) {
        INFO("parameter " << p);
        CHECK(schema::find_facet_field(p) != nullptr);
    }
}
