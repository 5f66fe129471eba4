// A build with a writer per core: the input is cut into parts written at once and merged by
// Xapian's compaction. What a user must not be able to tell from a one-writer build: the documents
// keep the input order (document ids, hence ranking ties and "source order"), every record is
// there once, and ids the input repeats are resolved as one writer resolves them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "index/index_builder.h"
#include "index/index_update.h"
#include "index/record_source.h"
#include "index_schema.h"
#include "shard_equivalence.h"
#include "synonyms.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

BuildOptions options_for(const fs::path& dir, unsigned writers, size_t min_part_records) {
    BuildOptions o;
    o.index_dir = dir / "index";
    o.synonyms = load_default_synonyms();
    o.synonyms_digest = synonyms_digest(o.synonyms);
    o.threads = writers;
    o.min_part_records = min_part_records;
    return o;
}

std::vector<std::vector<ProjectRecord>> corpus_documents() {
    std::vector<std::vector<ProjectRecord>> docs;
    for (const auto& d : test::corpus_records()) docs.push_back(d.records);
    return docs;
}

/// The ids of the index's documents in document id order.
std::vector<std::string> ids_in_docid_order(const fs::path& index) {
    Xapian::Database db(index.string());
    std::vector<std::string> ids;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
        ids.push_back(schema::read_record(db.get_document(*it)).id);
    return ids;
}

std::string name_of(const fs::path& index, const std::string& id) {
    Xapian::Database db(index.string());
    auto it = db.postlist_begin(schema::filter_term(schema::kId, id));
    REQUIRE(it != db.postlist_end(schema::filter_term(schema::kId, id)));
    return schema::read_record(db.get_document(*it)).name;
}

}  // namespace

TEST_CASE("a corpus written by three writers at once keeps the input order of one writer",
          "[index][parts]") {
    const auto docs = corpus_documents();
    std::vector<std::string> input_ids;
    for (const auto& d : docs)
        for (const auto& r : d) input_ids.push_back(r.id);
    REQUIRE(input_ids.size() > 300);

    const fs::path dir = test::scratch("parts-order");
    const BuildOptions three = options_for(dir / "three", 3, 100);
    const BuildStats s3 = build_index(docs, three, default_analyzer());
    const BuildOptions one = options_for(dir / "one", 1, 100);
    const BuildStats s1 = build_index(docs, one, default_analyzer());

    CHECK(s3.parts == 3);
    CHECK(s1.parts == 1);
    CHECK(s3.records == input_ids.size());
    CHECK(s3.documents == docs.size());
    CHECK(ids_in_docid_order(three.index_dir) == input_ids);
    CHECK(ids_in_docid_order(one.index_dir) == input_ids);
    // The merged index answers like the one-writer index: hits, order, scores, facet counts.
    PlanSearcher merged(three.index_dir.string(), default_analyzer());
    PlanSearcher single(one.index_dir.string(), default_analyzer());
    for (const auto& req : test::queries()) test::require_same(single, merged, req);
}

TEST_CASE("a kana query finds a word of any part, and of a record added in place, by its reading",
          "[index][parts][readings]") {
    // Readings live in the index's lexicon, which each part writes for its own records and the
    // merge unites. 鰹節 (かつおぶし) is only in the first part, 蒟蒻 (こんにゃく) only in the
    // last, 山葵 (わさび) only in a record added after the build; こうほう is 広報 in the first
    // part and 後方 in the last one.
    const fs::path dir = test::scratch("parts-readings");
    std::vector<ProjectRecord> records(test::corpus_records().front().records.begin(),
                                       test::corpus_records().front().records.begin() + 90);
    records.front().name = "鰹節の販路開拓";
    records.back().name = "蒟蒻の栽培支援";
    records[5].name = "広報紙の発行";
    records[75].name = "災害時の後方支援";
    const BuildOptions o = options_for(dir, 3, 30);
    CHECK(build_index({records}, o, default_analyzer()).parts == 3);

    auto first_hit = [&](const std::string& query) -> std::string {
        PlanSearcher searcher(o.index_dir.string(), default_analyzer());
        const SearchResponse r = searcher.search(test::request(query));
        return r.results.empty() ? "(none)" : r.results.front().record.name;
    };
    CHECK(first_hit("かつおぶし") == "鰹節の販路開拓");
    CHECK(first_hit("こんにゃく") == "蒟蒻の栽培支援");
    CHECK(first_hit("わさび") == "(none)");
    {
        PlanSearcher searcher(o.index_dir.string(), default_analyzer());
        SearchRequest kohou = test::request("こうほう");
        kohou.limit = 100;
        std::set<std::string> names;
        for (const auto& hit : searcher.search(kohou).results) names.insert(hit.record.name);
        CHECK(names.count("災害時の後方支援") == 1);
        CHECK(names.count("広報紙の発行") == 1);
    }

    ProjectRecord added = records[1];
    added.id = "added-1";
    added.document.id = "added";
    added.name = "山葵の産地づくり";
    update_document(o.index_dir, "added", {added}, 1, o.synonyms_digest, default_analyzer());
    CHECK(first_hit("わさび") == "山葵の産地づくり");
}

TEST_CASE("ids repeated across parts are resolved as one writer resolves them", "[index][parts]") {
    const fs::path dir = test::scratch("parts-repeats");
    const fs::path jsonl = dir / "repeats.jsonl";
    const auto& records = test::corpus_records().front().records;
    REQUIRE(records.size() >= 120);
    {
        std::ofstream out(jsonl);
        auto write = [&](ProjectRecord r) { out << nlohmann::json(r).dump() << "\n"; };
        // An explicit id at the start and at the end: the last record wins, in the first's place.
        ProjectRecord first = records[0], last = records[1];
        first.id = last.id = "repeated";
        // No id and the same document and line twice: "<document>-<line>", then "-2".
        ProjectRecord derived = records[2];
        derived.id.clear();
        derived.document.id = "derived";
        derived.source.line = 7;
        write(first);
        write(derived);
        for (size_t i = 3; i < 120; ++i) write(records[i]);
        write(derived);
        write(last);
    }
    const BuildOptions o = options_for(dir, 3, 20);
    JsonlSource source(jsonl.string());
    const BuildStats s = build_index(source, o, default_analyzer());
    CHECK(s.parts == 3);
    CHECK(s.records == 121);

    const auto ids = ids_in_docid_order(o.index_dir);
    REQUIRE(ids.size() == 120);  // the repeated explicit id is one document
    CHECK(ids[0] == "repeated");
    CHECK(name_of(o.index_dir, "repeated") == records[1].name);
    CHECK(ids[1] == "derived-7");
    CHECK(ids.back() == "derived-7-2");
}

TEST_CASE("a bad line in a later part fails the build naming its line, and the index is kept",
          "[index][parts][bad-input]") {
    const fs::path dir = test::scratch("parts-bad");
    const fs::path good = dir / "good.jsonl", bad = dir / "bad.jsonl";
    const size_t lines = test::write_corpus_jsonl(good, 40);
    REQUIRE(lines >= 100);
    fs::copy_file(good, bad);
    std::ofstream(bad, std::ios::app) << "{\"name\": \"broken\"\n";
    const BuildOptions o = options_for(dir, 2, 20);
    {
        JsonlSource source(good.string());
        REQUIRE(build_index(source, o, default_analyzer()).parts == 2);
    }
    JsonlSource source(bad.string());
    try {
        build_index(source, o, default_analyzer());
        FAIL("the build should have failed");
    } catch (const InputError& e) {
        CHECK_THAT(e.what(), Catch::Contains(bad.string() + ":" + std::to_string(lines + 1)));
    }
    CHECK(Xapian::Database(o.index_dir.string()).get_doccount() == lines);
    for (const auto& e : fs::directory_iterator(dir / "index.generations"))
        CHECK(e.path().filename().string().rfind("building-", 0) == std::string::npos);
}

namespace {

/// Every term of doc with its wdf and positions, as text (for comparing two documents).
std::vector<std::string> terms_of(const Xapian::Document& doc) {
    std::vector<std::string> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        std::string line = *t + " " + std::to_string(t.get_wdf());
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            line += " " + std::to_string(*p);
        out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE("a record's terms do not depend on the labels analyzed before it", "[index][schema]") {
    // Labels (departments, goal path) are analyzed once per thread and text: the second record
    // under a goal path must get exactly the terms a first one gets.
    const auto& records = test::corpus_records().front().records;
    REQUIRE(records.size() > 10);
    const ProjectRecord& r = records[10];
    std::map<std::string, Xapian::valueno> slots;
    std::vector<std::vector<std::string>> fresh;  // each made on a thread of its own
    for (int i = 0; i < 2; ++i)
        std::thread([&] {
            std::map<std::string, Xapian::valueno> s;
            fresh.push_back(terms_of(schema::make_document(r, default_analyzer(), s)));
        }).join();
    for (const auto& other : records) schema::make_document(other, default_analyzer(), slots);
    CHECK(terms_of(schema::make_document(r, default_analyzer(), slots)) == fresh[0]);
    CHECK(fresh[0] == fresh[1]);
}
