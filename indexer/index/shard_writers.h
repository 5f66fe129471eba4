/** @file shard_writers.h
 *  @brief ShardWriters: the Xapian databases a build writes into a new generation folder — one,
 *  or one per shard (opened as the first record for it arrives; all N at once with a fixed count).
 *
 *  In: the folder and the ShardSpec; records (db_for picks a record's database). Out, on finish():
 *  every database holding the synonym map, the build metadata and its shard bookkeeping,
 *  committed and closed, and the stub (XAPIANDB) listing the shards when sharded.
 */
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "japanese_analyzer.h"
#include "project_record.h"
#include "shard_layout.h"
#include "synonyms.h"

namespace plan {

class ShardWriters {
  public:
    /// Opens the one database (unsharded) or, with a fixed count, every shard under root.
    ShardWriters(const std::filesystem::path& root, const ShardSpec& spec);

    /// The database r goes to (a shard opened now when r's is new).
    Xapian::WritableDatabase& db_for(const ProjectRecord& r);

    void commit_all();

    /// Every database opened so far.
    std::vector<Xapian::WritableDatabase*> databases();

    /// Store the synonym map and metadata in every shard (the searcher reads the first one's),
    /// commit, close; write the stub when sharded.
    void finish(const SynonymGroups& synonyms, const JapaneseAnalyzer& analyzer,
                const std::map<std::string, std::string>& metadata);

    size_t size() const { return shards_.size(); }

  private:
    struct Shard {
        Xapian::WritableDatabase db;
        std::string key;
    };
    std::filesystem::path root_;
    ShardSpec spec_;
    std::map<std::string, Shard> shards_;

    std::map<std::string, Shard>::iterator open(const std::filesystem::path& dir,
                                                const std::string& name, const std::string& key);
};

}  // namespace plan
