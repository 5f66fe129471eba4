/** @file index_builder.h
 *  @brief IndexBuilder: records in, a Xapian database out — written beside the served index and
 *  switched in only when complete, so a failed or killed build never harms the index in use.
 */
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "japanese_analyzer.h"
#include "project_record.h"
#include "synonyms.h"

namespace plan {

struct BuildStats {
    size_t records = 0;
    size_t documents = 0;
    double seconds = 0;
};

struct BuildOptions {
    std::filesystem::path index_dir;
    SynonymGroups synonyms;
    std::string synonyms_digest;
    bool progress = false;  // progress on stderr (only when it is a terminal)
};

/// Write all records to a fresh database and switch index_dir to it atomically.
BuildStats build_index(const std::vector<std::vector<ProjectRecord>>& documents,
                       const BuildOptions& options, const JapaneseAnalyzer& analyzer);

/// The default index location: $PLAN_SEARCH_INDEX or data/index.
std::string default_index_path();

}  // namespace plan
