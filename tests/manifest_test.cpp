// Manifest validation: every problem is a clear error naming the file or document, exit 3.
#include <catch2/catch.hpp>
#include <fstream>

#include "corpus/manifest.h"
#include "input_error.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

// A corpus of one real document with a manifest entry we can spoil.
fs::path one_document_corpus(const std::string& name, const std::function<void(nlohmann::json&)>& spoil) {
    fs::path dir = test::scratch(name);
    fs::copy_file(fs::path(PLAN_CORPUS_DIR) / "004_f736d30d86fde0e5.txt", dir / "004_f736d30d86fde0e5.txt");
    std::ifstream in(fs::path(PLAN_CORPUS_DIR) / "manifest.json");
    nlohmann::json m = nlohmann::json::parse(in);
    nlohmann::json entry = m["documents"][3];
    m["documents"] = nlohmann::json::array({entry});
    spoil(m["documents"][0]);
    std::ofstream(dir / "manifest.json") << m.dump(2);
    return dir;
}

test::CommandResult build(const fs::path& corpus) {
    return test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + corpus.string() + " --index " +
                     (corpus / "index").string());
}

}  // namespace

TEST_CASE("the corpus manifest lists the four seed documents with their checksums", "[manifest]") {
    Manifest m = load_manifest(PLAN_CORPUS_DIR);
    REQUIRE(m.documents.size() >= 4);
    for (const auto& d : m.documents) {
        CAPTURE(d.id);
        CHECK(sha256_file(d.path) == d.sha256);
        CHECK_FALSE(d.city.empty());
        CHECK(d.year > 2000);
    }
    CHECK(m.find("kagoshima-2020-jisshi")->layout == "tables");
    CHECK(m.find("suzaka-2021-kihon")->layout == "policy-pages");
    CHECK(m.find("kanazawa-2020-yosan")->layout == "budget-bullets");
}

TEST_CASE("a document whose sha256 does not match is refused, naming it", "[manifest][cli]") {
    auto dir = one_document_corpus("sha", [](nlohmann::json& e) { e["sha256"] = std::string(64, '0'); });
    auto r = build(dir);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("sha256 mismatch") && Catch::Contains("kanazawa-2020-yosan"));
    CHECK_FALSE(fs::exists(dir / "index"));
}

TEST_CASE("a missing document file is a clear error", "[manifest][cli]") {
    auto dir = one_document_corpus("missing", [](nlohmann::json& e) { e["file"] = "nowhere.txt"; });
    auto r = build(dir);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("file not found") && Catch::Contains("nowhere.txt"));
}

TEST_CASE("an unknown layout is a clear error", "[manifest][cli]") {
    auto dir = one_document_corpus("layout", [](nlohmann::json& e) { e["layout"] = "spreadsheet"; });
    auto r = build(dir);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("unknown layout 'spreadsheet'") && Catch::Contains("manifest.json"));
}

TEST_CASE("a malformed manifest is a clear error", "[manifest][cli]") {
    fs::path dir = test::scratch("malformed");
    std::ofstream(dir / "manifest.json") << "{\"documents\": [ {\"id\": ";
    auto r = build(dir);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("manifest.json") && Catch::Contains("malformed JSON"));
}

TEST_CASE("a manifest entry without a city is refused", "[manifest]") {
    auto dir = one_document_corpus("city", [](nlohmann::json& e) { e.erase("city"); });
    REQUIRE_THROWS_AS(load_manifest(dir), InputError);
    CHECK_THROWS_WITH(load_manifest(dir), Catch::Contains("'city'") && Catch::Contains("kanazawa-2020-yosan"));
}
