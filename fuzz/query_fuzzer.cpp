// Fuzz target: query parser + query builder + a full search, on arbitrary query bytes, against a
// small index built once (LLVMFuzzerInitialize) by the real extractor and index builder from the
// first records of each corpus document. A query may be rejected only with QueryError (exit 2
// in the CLI, 400 on the server); everything else must answer with a response whose page fits.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "corpus/manifest.h"
#include "extract/extraction.h"
#include "index/index_builder.h"
#include "input_error.h"
#include "search/plan_searcher.h"
#include "search/query_builder.h"
#include "synonyms.h"

namespace fs = std::filesystem;

namespace {

constexpr size_t kRecordsPerDocument = 25;
plan::PlanSearcher* searcher = nullptr;
fs::path index_root;

void remove_index() { fs::remove_all(index_root); }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const plan::JapaneseAnalyzer& analyzer = plan::default_analyzer();
    plan::Manifest manifest = plan::load_manifest(fs::path(PLAN_SEARCH_SOURCE_DIR) / "corpus");
    std::vector<std::vector<plan::ProjectRecord>> documents;
    for (const auto& doc : manifest.documents) {
        auto extracted = plan::extract_document(doc);
        if (extracted.records.size() > kRecordsPerDocument)
            extracted.records.resize(kRecordsPerDocument);
        documents.push_back(std::move(extracted.records));
    }
    index_root = fs::temp_directory_path() / ("plan-fuzz-index-" + std::to_string(::getpid()));
    fs::remove_all(index_root);
    fs::create_directories(index_root);
    std::atexit(remove_index);
    plan::BuildOptions options;
    options.index_dir = index_root / "index";
    options.synonyms = plan::load_default_synonyms();
    options.synonyms_digest = plan::synonyms_digest(options.synonyms);
    plan::build_index(documents, options, analyzer);
    searcher = new plan::PlanSearcher(options.index_dir.string(), analyzer);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string query(reinterpret_cast<const char*>(data), size);
    // Vary the request shape with the input length so sorting, grouping and paging get fuzzed
    // too, without a header that would make the seed queries unreadable.
    static const char* const sorts[] = {"relevance", "city", "year", "name"};
    plan::SearchRequest request;
    request.query = query;
    request.sort = sorts[size % 4];
    request.group_by = (size / 4) % 3 == 1 ? "city" : "";
    request.offset = (size / 12) % 3 == 2 ? 20 : 0;
    request.limit = 10;
    try {
        plan::ParsedQuery parsed = plan::parse_query(query);
        // The bigram strength is only tried by the searcher for some queries; build it always.
        (void)plan::QueryBuilder(searcher->analyzer(), searcher->database())
            .build(parsed, plan::QueryStrength::Bigram);
        plan::SearchResponse response = searcher->search(request);
        if (response.results.size() > request.limit) {
            std::cerr << "page of " << response.results.size() << " results for limit "
                      << request.limit << "\n";
            std::abort();
        }
    } catch (const plan::QueryError&) {
        // A malformed query, reported with its position: expected.
    }
    return 0;
}
