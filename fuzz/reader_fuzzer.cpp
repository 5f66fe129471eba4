// Fuzz target: one layout reader (PLAN_FUZZ_LAYOUT) on arbitrary file bytes.
// A reader may reject input only with InputError; anything else (crash, sanitizer report,
// another exception type) is a bug. Records it returns must carry the document's city.
#include <cstdlib>
#include <iostream>

#include "extract/plan_reader.h"
#include "fuzz_input.h"
#include "input_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::unique_ptr<plan::PlanReader> reader = plan::make_reader(PLAN_FUZZ_LAYOUT);
    plan::DocumentInfo info;
    info.id = "fuzz-doc";
    info.file = info.origin = "fuzz.txt";
    info.city = "金沢市";
    info.prefecture = "石川県";
    info.title = "fuzz";
    info.year = 2020;
    info.layout = PLAN_FUZZ_LAYOUT;
    if (info.layout == "csv") {
        // The column mapping of the corpus's CSV document (manifest options), so the fuzzer
        // reaches the numbered headings, facets with patterns and attributes.
        static const nlohmann::json options = nlohmann::json::parse(R"json({
            "section": "事務事業評価",
            "columns": {"name": "jigyo_mei", "summary": "gaiyo",
                        "details": [{"label": "対象", "column": "taisho"}],
                        "departments": ["bu_ka"],
                        "goal": {"column": "seisaku", "number": "政策番号", "unify": true,
                                 "as_written": "政策（原文表記）"},
                        "policy": {"column": "shisaku"},
                        "facets": {"事業区分": "kubun",
                                   "部": {"column": "bu_ka", "pattern": "^(.+?(?:部|事務局))"}},
                        "attributes": {"事業番号": "jigyo_id"}}})json");
        info.options = options;
    }
    try {
        plan::SourceText text =
            plan::fuzz::source_text_of(plan::fuzz::bytes_of(data, size), info.file);
        plan::ExtractReport report;
        auto records = reader->read(text, info, report);
        plan::assign_ids(records);
        for (const auto& r : records) {
            // jsonl records carry their own city; the layout readers must use the document's.
            if (info.layout != "jsonl" && r.city != info.city) {
                std::cerr << "record " << r.id << " has city '" << r.city << "'\n";
                std::abort();
            }
        }
    } catch (const plan::InputError&) {
        // Rejected with a message: the expected outcome for bad input.
    }
    return 0;
}
