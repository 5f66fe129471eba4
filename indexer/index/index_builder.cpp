#include "index_builder.h"

#include <chrono>
#include <cstdlib>

#include "generations.h"
#include "index_metadata.h"
#include "index_pipeline.h"
#include "parted_build.h"
#include "shard_writers.h"

namespace plan {

std::string default_index_path() {
    if (const char* env = std::getenv("PLAN_SEARCH_INDEX"); env && *env) return env;
    return "data/index";
}

namespace {

// Every record of source into databases under folder, finished with the synonyms and metadata:
// one compacted database written by a writer per core, or one database per shard.
BuildStats write_databases(const NewGeneration& generation, RecordSource& source,
                           const BuildOptions& options, const JapaneseAnalyzer& analyzer) {
    const std::filesystem::path& folder = generation.folder();
    if (options.shards.by == ShardBy::None)
        return build_parted(source, options, analyzer, folder, generation.scratch());
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
        stats = write_databases(generation, source, options, analyzer);
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
