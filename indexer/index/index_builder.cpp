#include "index_builder.h"

#include <chrono>
#include <cstdlib>

#include "generations.h"
#include "index_metadata.h"
#include "index_pipeline.h"
#include "shard_writers.h"

namespace plan {

std::string default_index_path() {
    if (const char* env = std::getenv("PLAN_SEARCH_INDEX"); env && *env) return env;
    return "data/index";
}

namespace {

// Every record of source into databases under folder, finished with the synonyms and metadata.
BuildStats write_databases(const std::filesystem::path& folder, RecordSource& source,
                           const BuildOptions& options, const JapaneseAnalyzer& analyzer) {
    FacetSlotTable facets({});
    ShardWriters writers(folder, options.shards);
    BuildStats stats = run_pipeline(source, options, analyzer, writers, facets);
    writers.finish(options.synonyms, analyzer,
                   build_metadata(analyzer, options.synonyms_digest, facets.snapshot()));
    stats.shards = writers.size();
    return stats;
}

}  // namespace

BuildStats build_index(RecordSource& source, const BuildOptions& options,
                       const JapaneseAnalyzer& analyzer) {
    const auto start = std::chrono::steady_clock::now();
    NewGeneration generation(options.index_dir);
    BuildStats stats;
    try {
        stats = write_databases(generation.folder(), source, options, analyzer);
    } catch (...) {
        generation.discard();
        throw;
    }
    generation.publish();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
}

BuildStats build_index(const std::vector<std::vector<ProjectRecord>>& documents,
                       const BuildOptions& options, const JapaneseAnalyzer& analyzer) {
    DocumentsSource source(documents);
    return build_index(source, options, analyzer);
}

}  // namespace plan
