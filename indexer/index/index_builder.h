/** @file index_builder.h
 *  @brief IndexBuilder: records in, a Xapian database (or one per shard plus a stub) out —
 *  written beside the served index and switched in only when complete, so a failed or killed
 *  build never harms the index in use. In-place updates of one document: index_update.h.
 *
 *  Layout: `<index>` is a symlink to `<index>.generations/gen-<pid>-<ms>`, which is either one
 *  Xapian database or a folder of shard databases with a stub XAPIANDB listing them; Xapian opens
 *  both as `Xapian::Database("<index>")`.
 *
 *  The pieces (each header says what goes in and out): generations.h (the symlinked folders,
 *  pruning), parted_build.h (an unsharded build: a writer per core, the parts merged by
 *  compaction), shard_writers.h (the databases a build writes), index_pipeline.h (analysis
 *  threads feeding a writer), build_progress.h (the progress line), index_metadata.h (what a
 *  database stores about its build, and the compatibility check).
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "index_schema.h"
#include "japanese_analyzer.h"
#include "project_record.h"
#include "record_source.h"
#include "shard_layout.h"
#include "synonyms.h"

namespace plan {

struct BuildStats {
    size_t records = 0;
    size_t documents = 0;  // distinct document ids
    size_t shards = 1;
    size_t parts = 1;  // databases written at once and merged (unsharded builds)
    double seconds = 0;
};

struct BuildOptions {
    std::filesystem::path index_dir;
    SynonymGroups synonyms;
    std::string synonyms_digest;
    bool progress = false;  // progress on stderr (only when it is a terminal)
    ShardSpec shards;
    unsigned threads = 0;        // writers (unsharded) or analysis threads; 0 = one per core
    size_t commit_every = 1000;  // documents per Xapian commit (bounds the writer's memory)
    /// An unsharded build gets a writer per thread when each has this many records or more
    /// (a part costs a database and a share of the merge).
    size_t min_part_records = 2000;
    schema::TermFamilies families;  // all; fewer only to measure what a family buys
};

/// Write all records to a fresh database (or shards) and switch index_dir to it atomically.
BuildStats build_index(RecordSource& source, const BuildOptions& options,
                       const JapaneseAnalyzer& analyzer);
BuildStats build_index(const std::vector<std::vector<ProjectRecord>>& documents,
                       const BuildOptions& options, const JapaneseAnalyzer& analyzer);

/// The default index location: $PLAN_SEARCH_INDEX or data/index.
std::string default_index_path();

}  // namespace plan
