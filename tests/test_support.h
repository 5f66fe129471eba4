// Shared helpers for the tests: the corpus index, scratch folders, running the real programs.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "extract/extraction.h"
#include "search/plan_searcher.h"

namespace plan::test {

/// The corpus index built by the ctest fixture (build_corpus_index).
inline std::string corpus_index() { return PLAN_TEST_INDEX; }

/// A searcher over the corpus index, shared within one test process.
PlanSearcher& corpus_searcher();

/// A fresh, empty scratch folder for one test.
std::filesystem::path scratch(const std::string& name);

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
/// Run a shell command line; capture stdout and stderr.
CommandResult run(const std::string& command);

/// Extract every record of the corpus (all documents), through the real readers.
const std::vector<ExtractedDocument>& corpus_records();

/// The first `per_document` records of each corpus document, as JSONL for plan-index --jsonl;
/// returns how many records it wrote.
size_t write_corpus_jsonl(const std::filesystem::path& file, size_t per_document);

/// Whether the analysis holds a term of this family and text.
inline bool has_term(const Analysis& a, TermFamily family, const std::string& text) {
    return std::any_of(a.terms.begin(), a.terms.end(),
                       [&](const AnalyzedTerm& t) { return t.family == family && t.text == text; });
}

/// The ids of the results, in rank order.
std::vector<std::string> result_names(const SearchResponse& r);

}  // namespace plan::test
