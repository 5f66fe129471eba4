/** @file index_builder.h
 *  @brief IndexBuilder: records in, a Xapian database (or one per shard plus a stub) out —
 *  written beside the served index and switched in only when complete, so a failed or killed
 *  build never harms the index in use. Also the in-place updates of one document.
 *
 *  Layout: `<index>` is a symlink to `<index>.generations/gen-<pid>-<ms>`, which is either one
 *  Xapian database or a folder of shard databases with a stub XAPIANDB listing them; Xapian opens
 *  both as `Xapian::Database("<index>")`.
 */
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "japanese_analyzer.h"
#include "project_record.h"
#include "record_source.h"
#include "shard_layout.h"
#include "synonyms.h"

namespace plan {

/// The served index cannot be updated in place (missing, or built by another analyzer or other
/// synonyms: the message says to rebuild).
class IndexUpdateError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct BuildStats {
    size_t records = 0;
    size_t documents = 0;  // distinct document ids
    size_t shards = 1;
    double seconds = 0;
};

struct BuildOptions {
    std::filesystem::path index_dir;
    SynonymGroups synonyms;
    std::string synonyms_digest;
    bool progress = false;  // progress on stderr (only when it is a terminal)
    ShardSpec shards;
    unsigned threads = 0;         // analysis threads; 0 = one per core
    size_t commit_every = 1000;  // documents per Xapian commit (bounds the writer's memory)
};

/// Write all records to a fresh database (or shards) and switch index_dir to it atomically.
BuildStats build_index(RecordSource& source, const BuildOptions& options,
                       const JapaneseAnalyzer& analyzer);
BuildStats build_index(const std::vector<std::vector<ProjectRecord>>& documents,
                       const BuildOptions& options, const JapaneseAnalyzer& analyzer);

struct UpdateStats {
    size_t added = 0;     // records whose id was not in the index
    size_t replaced = 0;  // records whose id was there (replaced by their id term)
    size_t removed = 0;   // records of the document that are gone
};

/// Replace the records of one document in the served index, in place: each record by its id term
/// (Q<id>), records of the document no longer present deleted (XO<document>); nothing else is
/// touched. ordinal is the document's 1-based manifest position (source order).
/// Throws IndexUpdateError when the index was built by another analyzer or other synonyms.
/// `synonyms` (the groups of synonyms_digest): the stored synonym map is rebuilt over the updated
/// index, so expansions to the new records' terms are kept.
UpdateStats update_document(const std::filesystem::path& index_dir, const std::string& document_id,
                            const std::vector<ProjectRecord>& records, unsigned ordinal,
                            const std::string& synonyms_digest, const JapaneseAnalyzer& analyzer,
                            const SynonymGroups* synonyms = nullptr);

/// Delete every record of a document from the served index, in place.
UpdateStats remove_document(const std::filesystem::path& index_dir, const std::string& document_id);

/// The default index location: $PLAN_SEARCH_INDEX or data/index.
std::string default_index_path();

}  // namespace plan
