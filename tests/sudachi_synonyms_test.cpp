// SudachiDict's synonym groups as the base synonym layer: a query for one member of a group finds
// the records that hold another (property over the whole corpus), the typed word outranks an
// orthographic variant, which outranks a synonym, and expandControl headwords do not expand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <random>
#include <set>

#include "index/index_builder.h"
#include "index_schema.h"
#include "synonyms.h"
#include "test_support.h"

using namespace plan;

namespace {

SearchResponse search(PlanSearcher& s, const std::string& query, size_t limit) {
    SearchRequest r;
    r.query = query;
    r.limit = limit;
    r.facets = false;
    return s.search(r);
}

std::set<std::string> result_ids(const SearchResponse& r) {
    std::set<std::string> ids;
    for (const auto& hit : r.results) ids.insert(hit.record.id);
    return ids;
}

/// The ids of the records that hold a term.
std::set<std::string> records_holding(Xapian::Database& db, const std::string& term) {
    std::set<std::string> ids;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
        ids.insert(schema::read_record(db.get_document(*p)).id);
    return ids;
}

/// A member a person would type into the search box as one word: no space, nothing the query
/// language reads as syntax (OR, a filter, an exclusion, a phrase).
bool typeable(const std::string& phrase) {
    return phrase.find_first_of(" :\"()") == std::string::npos && phrase[0] != '-' &&
           phrase != "OR";
}

const SynonymGroups& sudachi_groups() {
    static const SynonymGroups groups = load_sudachi_synonyms(default_sudachi_synonyms_path());
    return groups;
}

struct Pair {
    std::string typed, present, present_key;
};

/// Every (typed member, member present in the index) pair a query may expand: the typed member
/// is typeable, not an expandControl headword, and has a key term (体言 and 用言 alike).
std::vector<std::vector<Pair>> pairs_by_group(Xapian::Database& db) {
    std::vector<std::vector<Pair>> out;
    for (const auto& g : sudachi_groups()) {
        std::vector<std::string> keys;
        for (const auto& m : g.members)
            keys.push_back(schema::key_term(default_analyzer(), m.phrase));
        std::vector<Pair> pairs;
        for (size_t p = 0; p < keys.size(); ++p) {
            if (keys[p].empty() || !db.term_exists(keys[p])) continue;
            for (size_t t = 0; t < keys.size(); ++t) {
                const auto& typed = g.members[t];
                if (keys[t].empty() || keys[t] == keys[p] || !typed.expands ||
                    !typeable(typed.phrase))
                    continue;
                pairs.push_back({typed.phrase, g.members[p].phrase, keys[p]});
            }
        }
        if (!pairs.empty()) out.push_back(std::move(pairs));
    }
    return out;
}

ProjectRecord record(const std::string& id, const std::string& name, const std::string& summary) {
    ProjectRecord r;
    r.id = id;
    r.city = "テスト市";
    r.document = {"test-doc", "テスト計画", 2026};
    r.name = name;
    r.summary = summary;
    return r;
}

/// A small index of these records (plus unrelated ones, so that idf means something), built with
/// both synonym layers as plan-index builds them.
std::string build_small_index(const std::string& name, std::vector<ProjectRecord> records) {
    const char* fillers[] = {"公園の整備",       "道路の維持管理", "図書館の運営",
                             "消防団の活動支援", "学校給食の提供", "河川の改修",
                             "市民農園の貸出",   "文化祭の開催"};
    int n = 0;
    for (const char* f : fillers) records.push_back(record("filler-" + std::to_string(++n), f, f));
    BuildOptions options;
    options.index_dir = test::scratch(name) / "index";
    options.synonyms = load_default_synonyms();
    options.synonyms_digest = synonyms_digest(options.synonyms);
    build_index({records}, options, default_analyzer());
    return options.index_dir.string();
}

}  // namespace

TEST_CASE("the SudachiDict layer loads whole, expandControl 2 already dropped",
          "[synonyms][sudachi]") {
    const auto& groups = sudachi_groups();
    CHECK(groups.size() > 25000);
    size_t members = 0, headwords_not_expanding = 0;
    for (const auto& g : groups) {
        CHECK(g.members.size() >= 2);
        members += g.members.size();
        for (const auto& m : g.members) headwords_not_expanding += !m.expands;
    }
    CHECK(members > 65000);
    CHECK(headwords_not_expanding > 10000);
}

TEST_CASE("a bad line of the SudachiDict file is refused with file:line", "[synonyms][sudachi]") {
    const auto dir = test::scratch("sudachi-bad");
    const auto file = (dir / "bad.tsv").string();
    std::ofstream(file)
        << "# header\n000001\t1\t0\t0\t0\t1\t0\t曖昧\n000001\t1\t0\t0\t2\t1\t7\tあいまい\n";
    CHECK_THROWS_WITH(load_sudachi_synonyms(file),
                      Catch::Contains("bad.tsv:3") && Catch::Contains("bad expand '7'"));
    std::ofstream(file) << "000001\t1\t0\t曖昧\n";
    CHECK_THROWS_WITH(load_sudachi_synonyms(file),
                      Catch::Contains("bad.tsv:1") && Catch::Contains("8 tab-separated fields"));
}

TEST_CASE("property: a query for a SudachiDict member finds the corpus records of the others",
          "[synonyms][sudachi][property]") {
    PlanSearcher& searcher = test::corpus_searcher();
    Xapian::Database& db = searcher.database();
    auto groups = pairs_by_group(db);
    REQUIRE(groups.size() >= 100);
    // One pair from each of 300 groups drawn with a fixed seed: the same sample every run.
    std::mt19937 random(16);
    const size_t occurring = groups.size();
    std::shuffle(groups.begin(), groups.end(), random);
    if (groups.size() > 300) groups.resize(300);
    size_t passed = 0;
    std::vector<std::string> failures;
    for (const auto& pairs : groups) {
        const Pair& pair = pairs[random() % pairs.size()];
        const auto wanted = records_holding(db, pair.present_key);
        const auto found = result_ids(search(searcher, pair.typed, db.get_doccount()));
        const bool all = std::includes(found.begin(), found.end(), wanted.begin(), wanted.end());
        if (all)
            ++passed;
        else
            failures.push_back(pair.typed + " -> " + pair.present + " (" +
                               std::to_string(wanted.size()) + " records)");
    }
    std::cout << "SudachiDict property: " << occurring << " groups occur in the corpus index, "
              << "sampled " << groups.size() << " pairs, " << passed << " passed\n";
    for (const auto& f : failures) std::cout << "  not found: " << f << "\n";
    CHECK(passed * 100 >= groups.size() * 95);
}

TEST_CASE("everyday words find the plan's words through SudachiDict (table)",
          "[synonyms][sudachi]") {
    struct Row {
        const char* typed;
        const char* plan_word;  // every corpus record holding it must be found
    };
    const Row rows[] = {
        {"掃除", "清掃"},      // the plans write 清掃
        {"旅行者", "観光客"},  // 大船渡市's evaluation sheets write 観光客
        {"人財", "人材"},
        {"ツーリスト", "観光客"},
    };
    PlanSearcher& searcher = test::corpus_searcher();
    Xapian::Database& db = searcher.database();
    for (const auto& row : rows) {
        CAPTURE(row.typed, row.plan_word);
        const auto wanted =
            records_holding(db, schema::key_term(default_analyzer(), row.plan_word));
        REQUIRE_FALSE(wanted.empty());
        const auto found = result_ids(search(searcher, row.typed, db.get_doccount()));
        CHECK(std::includes(found.begin(), found.end(), wanted.begin(), wanted.end()));
    }
}

TEST_CASE("the typed word outranks its orthographic variant, which outranks a synonym",
          "[synonyms][sudachi][ranking]") {
    // SudachiDict group 000468: 鶏肉 (representative), 鳥肉 (variant of it), チキン (another
    // lexeme). (届け出 and 届出 of group 021445 no longer tell apart: okurigana are folded.)
    PlanSearcher s(
        build_small_index("sudachi-rank", {record("synonym", "チキンの販売", "チキンの販売"),
                                           record("variant", "鳥肉の販売", "鳥肉の販売"),
                                           record("typed", "鶏肉の販売", "鶏肉の販売")}),
        default_analyzer());
    const auto names = test::result_names(search(s, "鶏肉", 10));
    CHECK(names == std::vector<std::string>{"鶏肉の販売", "鳥肉の販売", "チキンの販売"});
    // Okurigana variants are one term: 届け出 finds 届出 as itself.
    PlanSearcher folded(
        build_small_index("okurigana", {record("variant", "届出の受付", "届出の受付")}),
        default_analyzer());
    CHECK(test::result_names(search(folded, "届け出", 10)) ==
          std::vector<std::string>{"届出の受付"});
}

TEST_CASE("an expandControl headword does not expand; the others of its group still do",
          "[synonyms][sudachi][expand-control]") {
    // SudachiDict: バス is 浴槽 in group 001321 (expandControl 1) and the bus elsewhere.
    PlanSearcher s(
        build_small_index("sudachi-expand", {record("bath", "浴槽の改修", "浴槽の改修"),
                                             record("bus", "バス路線の維持", "バス路線の維持")}),
        default_analyzer());
    CHECK(test::result_names(search(s, "バス", 10)) == std::vector<std::string>{"バス路線の維持"});
    CHECK(s.synonym_map()->expansions(schema::key_term(default_analyzer(), "バス")).empty());
    // 湯船 (group 001321, not protected) expands to 浴槽.
    const auto names = test::result_names(search(s, "湯船", 10));
    CHECK(std::find(names.begin(), names.end(), "浴槽の改修") != names.end());
}

TEST_CASE("the index stores only the SudachiDict expansions to terms it holds",
          "[synonyms][sudachi]") {
    const SynonymMap* map = test::corpus_searcher().synonym_map();
    REQUIRE(map);
    Xapian::Database& db = test::corpus_searcher().database();
    const auto municipal = load_synonym_groups(default_synonyms_path());
    std::set<std::string> municipal_keys;
    for (const auto& g : municipal)
        for (const auto& m : g.members)
            municipal_keys.insert(schema::key_term(default_analyzer(), m.phrase));
    size_t expansions = 0;
    for (const auto& [key, targets] : map->entries())
        for (const auto& t : targets) {
            ++expansions;
            if (!municipal_keys.count(t.term)) {
                CAPTURE(key, t.term);
                CHECK(db.term_exists(t.term));
            }
        }
    CHECK(expansions > 1000);  // the base layer is there, not only dict/synonyms.txt
}
