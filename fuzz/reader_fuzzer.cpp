// Fuzz target: one layout reader (PLAN_FUZZ_LAYOUT, a name in extract/layout_registry.h) on
// arbitrary file bytes. A reader may reject input only with InputError; anything else (crash,
// sanitizer report, another exception type) is a bug. Records a layout reader of text returns
// must carry the document's city.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "corpus/manifest.h"
#include "extract/layout_registry.h"
#include "extract/plan_reader.h"
#include "fuzz_input.h"
#include "input_error.h"

namespace {

// The fuzzed document, with the options of the corpus's document of this layout if there is one
// (a CSV's column mapping), so the fuzzer reaches what they turn on: the numbered headings,
// facets with patterns and attributes.
plan::DocumentInfo fuzz_document(const plan::Layout& layout) {
    plan::DocumentInfo info;
    info.id = "fuzz-doc";
    info.file = info.origin = "fuzz.txt";
    info.city = "金沢市";
    info.prefecture = "石川県";
    info.title = "fuzz";
    info.year = 2020;
    info.layout = layout.name;
    const auto corpus = std::filesystem::path(PLAN_SEARCH_SOURCE_DIR) / "corpus";
    for (const auto& d : plan::load_manifest(corpus).documents) {
        if (d.layout != layout.name) continue;
        info.options = d.options;
        break;
    }
    return info;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const plan::Layout& layout = plan::layout_named(PLAN_FUZZ_LAYOUT, "PLAN_FUZZ_LAYOUT");
    static const std::unique_ptr<plan::PlanReader> reader = layout.make_reader();
    static const plan::DocumentInfo info = fuzz_document(layout);
    try {
        plan::SourceText text =
            plan::fuzz::source_text_of(plan::fuzz::bytes_of(data, size), info.file);
        plan::ExtractReport report;
        auto records = reader->read(text, info, report);
        plan::assign_ids(records);
        for (const auto& r : records) {
            // Structured records (jsonl) may name their own city; the others take the document's.
            if (!layout.structured && r.city != info.city) {
                std::cerr << "record " << r.id << " has city '" << r.city << "'\n";
                std::abort();
            }
        }
    } catch (const plan::InputError&) {
        // Rejected with a message: the expected outcome for bad input.
    }
    return 0;
}
