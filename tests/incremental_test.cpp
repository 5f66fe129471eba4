// Incremental updates: `plan-index add FILE` re-indexes one manifest document in place (records
// replaced by id, records that disappeared deleted) and `plan-index remove DOCUMENT` deletes one;
// open searchers see the change after reopen(); an index built by another analyzer or other
// synonyms is refused with a message to rebuild.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "corpus/manifest.h"
#include "shard_equivalence.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

const char* kKanazawa = "kanazawa-2020-yosan";
const char* kKanazawaFile = "004_f736d30d86fde0e5.txt";
const char* kLast = "ofunato-2025-hyoka";
const char* kLastFile = "ofunato-jimujigyo-hyoka-r7.csv";

/// A copy of the corpus whose manifest lists only the documents not in `without`.
fs::path corpus_copy(const fs::path& dir, const std::set<std::string>& without) {
    const fs::path corpus = dir / "corpus";
    fs::create_directories(corpus);
    for (const auto& e : fs::directory_iterator(PLAN_CORPUS_DIR))
        fs::copy_file(e.path(), corpus / e.path().filename());
    auto manifest = nlohmann::json::parse(std::ifstream(corpus / "manifest.json"));
    auto& docs = manifest["documents"];
    for (auto it = docs.begin(); it != docs.end();)
        it = without.count((*it)["id"].get<std::string>()) ? docs.erase(it) : it + 1;
    std::ofstream(corpus / "manifest.json") << manifest.dump(2);
    return corpus;
}

/// Put every corpus document back into the manifest (the state of the real corpus).
void list_all(const fs::path& corpus) {
    fs::copy_file(fs::path(PLAN_CORPUS_DIR) / "manifest.json", corpus / "manifest.json",
                  fs::copy_options::overwrite_existing);
}

std::string index_cmd(const std::string& args) { return std::string(PLAN_INDEX_BIN) + " " + args; }

size_t count_of(PlanSearcher& s, const std::string& document) {
    SearchRequest r;
    r.limit = 0;
    r.filters["document"] = {document};
    return s.search(r).total;
}

size_t extracted_count(const std::string& document) {
    for (const auto& d : test::corpus_records())
        if (d.info.id == document) return d.records.size();
    return 0;
}

}  // namespace

TEST_CASE("plan-index add indexes a new manifest document in place, as a full build would",
          "[incremental]") {
    // The manifest's last document, so that its position (the source order of the records) is
    // the same after the add as in a full build.
    const fs::path dir = test::scratch("incr-add");
    const fs::path corpus = corpus_copy(dir, {kLast});
    const std::string index = (dir / "index").string();
    REQUIRE(
        test::run(index_cmd("build --corpus " + corpus.string() + " --index " + index)).exit_code ==
        0);
    const fs::path generation = fs::canonical(index);

    PlanSearcher reader(index, default_analyzer());  // opened before the update
    const size_t before = reader.record_count();
    CHECK(count_of(reader, kLast) == 0);

    list_all(corpus);
    auto r = test::run(index_cmd("add --corpus " + corpus.string() + " --index " + index + " " +
                                 (corpus / kLastFile).string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const size_t n = extracted_count(kLast);
    CHECK_THAT(r.err, Catch::Contains(std::to_string(n) + " records added, 0 replaced, 0 removed"));
    CHECK(fs::canonical(index) == generation);  // updated in place, not rebuilt

    CHECK(reader.record_count() == before);  // its snapshot until it reopens
    CHECK(reader.reopen());
    CHECK(reader.record_count() == before + n);
    CHECK(count_of(reader, kLast) == n);
    // Same collection as the full build: same ranking, scores and facets.
    for (const auto& req : test::queries())
        test::require_same(test::corpus_searcher(), reader, req);

    // Adding it again replaces every record by its id: nothing added, nothing removed.
    r = test::run(
        index_cmd("add --corpus " + corpus.string() + " --index " + index + " " + kLastFile));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err,
               Catch::Contains("0 records added, " + std::to_string(n) + " replaced, 0 removed"));
}

TEST_CASE("plan-index add deletes the records that disappeared from the document",
          "[incremental]") {
    const fs::path dir = test::scratch("incr-change");
    const fs::path corpus = corpus_copy(dir, {});
    const std::string index = (dir / "index").string();
    REQUIRE(
        test::run(index_cmd("build --corpus " + corpus.string() + " --index " + index)).exit_code ==
        0);

    // Cut the last project of the Kanazawa document out of its file (earlier ids are unchanged).
    const ProjectRecord* last = nullptr;
    for (const auto& d : test::corpus_records())
        if (d.info.id == kKanazawa) last = &d.records.back();
    REQUIRE(last);
    const fs::path file = corpus / kKanazawaFile;
    std::vector<std::string> lines;
    {
        std::ifstream in(file);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
    }
    {
        std::ofstream out(file, std::ios::trunc);
        for (size_t i = 0; i < lines.size(); ++i)
            if (int(i) + 1 < last->source.line ||
                int(i) + 1 > std::max(last->source.end_line, last->source.line))
                out << lines[i] << "\n";
    }
    auto manifest = nlohmann::json::parse(std::ifstream(corpus / "manifest.json"));
    for (auto& d : manifest["documents"])
        if (d["id"] == kKanazawa) d["sha256"] = sha256_file(file);
    std::ofstream(corpus / "manifest.json") << manifest.dump(2);

    PlanSearcher reader(index, default_analyzer());
    REQUIRE(reader.find(last->id));
    auto r = test::run(
        index_cmd("add --corpus " + corpus.string() + " --index " + index + " " + file.string()));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const size_t n = extracted_count(kKanazawa);
    CHECK_THAT(r.err, Catch::Contains("0 records added, " + std::to_string(n - 1) +
                                      " replaced, 1 removed"));
    reader.reopen();
    CHECK_FALSE(reader.find(last->id));
    CHECK(count_of(reader, kKanazawa) == n - 1);
    CHECK(reader.record_count() == test::corpus_searcher().record_count() - 1);
}

TEST_CASE("plan-index remove deletes one document's records and nothing else", "[incremental]") {
    const fs::path dir = test::scratch("incr-remove");
    const std::string index = (dir / "index").string();
    REQUIRE(
        test::run(index_cmd("build --corpus " + std::string(PLAN_CORPUS_DIR) + " --index " + index))
            .exit_code == 0);
    auto r = test::run(index_cmd("remove --index " + index + " suzaka-2021-kihon"));
    REQUIRE(r.exit_code == 0);
    const size_t n = extracted_count("suzaka-2021-kihon");
    CHECK_THAT(r.err, Catch::Contains(std::to_string(n) + " records removed"));
    PlanSearcher s(index, default_analyzer());
    CHECK(s.record_count() == test::corpus_searcher().record_count() - n);
    CHECK(count_of(s, "suzaka-2021-kihon") == 0);
    CHECK(count_of(s, kKanazawa) == extracted_count(kKanazawa));

    r = test::run(index_cmd("remove --index " + index + " suzaka-2021-kihon"));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("no records of document 'suzaka-2021-kihon'"));
}

TEST_CASE("plan-index add refuses a file that the manifest does not list", "[incremental]") {
    const fs::path dir = test::scratch("incr-unlisted");
    const fs::path corpus = corpus_copy(dir, {});
    std::ofstream(corpus / "extra.txt") << "1 テスト事業\n";
    auto r = test::run(index_cmd("add --corpus " + corpus.string() + " --index " +
                                 test::corpus_index() + " " + (corpus / "extra.txt").string()));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("extra.txt") && Catch::Contains("not listed in"));
}

TEST_CASE("an index built with another user dictionary or other synonyms is refused: rebuild",
          "[incremental]") {
    const fs::path dir = test::scratch("incr-mismatch");
    const fs::path corpus = corpus_copy(dir, {});
    const std::string index = (dir / "index").string();
    REQUIRE(
        test::run(index_cmd("build --corpus " + corpus.string() + " --index " + index)).exit_code ==
        0);

    // The user dictionary gains one entry: the analyzer version (its digest) changes.
    fs::copy_file(fs::path(PLAN_SEARCH_SOURCE_DIR) / "dict/user-dict.csv", dir / "user-dict.csv");
    std::ofstream(dir / "user-dict.csv", std::ios::app)
        << "移住定住促進,,,10,名詞,固有名詞,一般,*,*,*,移住定住促進,イジュウテイジュウソクシン,"
           "イジューテージューソクシン,USER\n";
    std::string dict_index = "/usr/lib/mecab/mecab-dict-index";
    if (!fs::exists(dict_index)) dict_index = "/usr/libexec/mecab/mecab-dict-index";
    REQUIRE(test::run(dict_index + " -d /usr/share/mecab/dic/ipadic -u " +
                      (dir / "alt.dic").string() + " -f utf-8 -t utf-8 " +
                      (dir / "user-dict.csv").string())
                .exit_code == 0);
    const std::string alt_dict = "PLAN_SEARCH_DICT=" + (dir / "alt.dic").string() + " ";

    auto r = test::run(alt_dict + index_cmd("add --corpus " + corpus.string() + " --index " +
                                            index + " " + kKanazawaFile));
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err,
               Catch::Contains("was built by analyzer") && Catch::Contains("rebuild the index"));
    r = test::run(alt_dict + PLAN_SEARCH_BIN + " query --index " + index + " 移住");
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("was built by analyzer") && Catch::Contains("rebuild"));

    std::ofstream(dir / "synonyms.txt") << "移住, 定住\n";
    r = test::run(
        "PLAN_SEARCH_SYNONYMS=" + (dir / "synonyms.txt").string() + " " +
        index_cmd("add --corpus " + corpus.string() + " --index " + index + " " + kKanazawaFile));
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("other synonyms") && Catch::Contains("rebuild the index"));

    // Nothing was changed by the refused updates.
    PlanSearcher s(index, default_analyzer());
    CHECK(s.record_count() == test::corpus_searcher().record_count());
}

TEST_CASE("plan-index add on a city-sharded index creates the new city's shard and searches as one",
          "[incremental][shards]") {
    const fs::path dir = test::scratch("incr-shards");
    const fs::path corpus = corpus_copy(dir, {kKanazawa});
    const std::string index = (dir / "index").string();
    REQUIRE(test::run(index_cmd("build --corpus " + corpus.string() + " --index " + index +
                                " --shard-by city"))
                .exit_code == 0);
    PlanSearcher reader(index, default_analyzer());
    const std::string revision = reader.revision();
    CHECK_FALSE(fs::exists(fs::canonical(index) / "city-金沢市"));

    list_all(corpus);
    auto r = test::run(
        index_cmd("add --corpus " + corpus.string() + " --index " + index + " " + kKanazawaFile));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(fs::canonical(index) / "city-金沢市" / "iamglass"));
    CHECK(reader.reopen());
    CHECK(reader.revision() != revision);
    for (const auto& req : test::queries())
        test::require_same(test::corpus_searcher(), reader, req);

    r = test::run(index_cmd("remove --index " + index + " kagoshima-2022-jisshi"));
    REQUIRE(r.exit_code == 0);
    reader.reopen();
    CHECK(count_of(reader, "kagoshima-2022-jisshi") == 0);
    CHECK(count_of(reader, "kagoshima-2020-jisshi") == extracted_count("kagoshima-2020-jisshi"));
}
