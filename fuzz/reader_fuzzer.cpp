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
