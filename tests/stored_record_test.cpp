// The record a result shows is the record that was indexed: schema::set_record stores it without
// its defaults and without what the document's value slots hold already, and read_record gives
// back every field. Over every record of the corpus, and over the cases a slot cannot give back.
#include <xapian.h>

#include <catch2/catch.hpp>

#include "index_schema.h"
#include "test_support.h"

using namespace plan;

namespace {

std::map<std::string, Xapian::valueno> no_extra_slots;

ProjectRecord stored_and_read(const ProjectRecord& r) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.add_document(schema::make_document(r, default_analyzer(), no_extra_slots));
    return schema::read_record(db.get_document(1));
}

ProjectRecord sample() {
    ProjectRecord r = test::corpus_records().front().records.front();
    r.city = "船橋市";
    r.goal = {"基本目標 1", "基本施策 2", "1 市政情報の公開", "(2) 広報"};
    return r;
}

}  // namespace

TEST_CASE("every corpus record reads back from the index as it was indexed", "[index][record]") {
    size_t n = 0;
    for (const auto& d : test::corpus_records())
        for (const auto& r : d.records) {
            CAPTURE(r.id);
            CHECK(nlohmann::json(stored_and_read(r)) == nlohmann::json(r));
            ++n;
        }
    CHECK(n > 1000);
}

TEST_CASE(
    "a stored record leaves out what the value slots hold, and keeps what they cannot give "
    "back",
    "[index][record]") {
    struct Row {
        const char* what;
        void (*change)(ProjectRecord&);
    };
    const Row rows[] = {
        {"as extracted", [](ProjectRecord&) {}},
        {"a goal level holding the level separator",
         [](ProjectRecord& r) {
             r.goal.policy =
                 "施策\x1f"
                 "2";
         }},
        {"a measure without a policy", [](ProjectRecord& r) { r.goal.policy.clear(); }},
        {"no goal path at all", [](ProjectRecord& r) { r.goal = {}; }},
        {"no year", [](ProjectRecord& r) { r.document.year = 0; }},
        {"no city, prefecture nor section",
         [](ProjectRecord& r) { r.city = r.prefecture = r.section = ""; }},
        {"no budget, departments nor flags",
         [](ProjectRecord& r) {
             r.budget.reset();
             r.departments.clear();
             r.flags.clear();
         }},
    };
    for (const auto& row : rows) {
        CAPTURE(row.what);
        ProjectRecord r = sample();
        row.change(r);
        CHECK(nlohmann::json(stored_and_read(r)) == nlohmann::json(r));
    }
    // What the record stores: not the goal path, city nor document year (slots hold them).
    const std::string data =
        schema::make_document(sample(), default_analyzer(), no_extra_slots).get_data();
    CHECK(data.find("基本施策 2") == std::string::npos);
    CHECK(data.find("船橋市") == std::string::npos);
    CHECK(data.find("\"year\"") == std::string::npos);
    CHECK(data.find("(2) 広報") != std::string::npos);          // the pillar has no slot
    CHECK(data.find("departments_more") == std::string::npos);  // false, the default
}
