// Where a quoted phrase matches: the project's own text keeps word positions, headings and
// departments do not (they were half of all positions), so a phrase with a particle matches in
// the name, summary, details and indicators; a phrase that is one run of nouns matches a heading
// too, by its compound term.
#include <catch2/catch.hpp>
#include <set>

#include "index/index_builder.h"
#include "shard_equivalence.h"
#include "synonyms.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

TEST_CASE("a quoted phrase matches the project's text in order, and a heading by its compound",
          "[index][phrase]") {
    std::vector<ProjectRecord> records(test::corpus_records().front().records.begin(),
                                       test::corpus_records().front().records.begin() + 3);
    records[0].name = "放課後の学習支援";
    records[0].summary = "地域で子どもの居場所を運営する。";
    records[1].name = "公園の維持管理";
    records[1].summary = "遊具を点検する。";
    records[1].goal.measure = "子どもの居場所づくり";
    records[2].name = "居場所と子どもの相談";
    records[2].summary = "相談に応じる。";
    const fs::path dir = test::scratch("phrase-fields");
    BuildOptions o;
    o.index_dir = dir / "index";
    o.synonyms = load_default_synonyms();
    o.synonyms_digest = synonyms_digest(o.synonyms);
    build_index({records}, o, default_analyzer());
    PlanSearcher searcher(o.index_dir.string(), default_analyzer());
    auto names = [&](const std::string& query) {
        std::set<std::string> out;
        for (const auto& hit : searcher.search(test::request(query)).results)
            out.insert(hit.record.name);
        return out;
    };
    // In the summary, in order: found. The same words in another order: not a phrase.
    CHECK(names("\"子どもの居場所\"") == std::set<std::string>{"放課後の学習支援"});
    // Only in a heading: its words match one by one, not as the phrase...
    CHECK(names("子ども 居場所").count("公園の維持管理") == 1);
    // ... but a run of nouns is the heading's compound term.
    CHECK(names("\"居場所づくり\"") == std::set<std::string>{"公園の維持管理"});
}
