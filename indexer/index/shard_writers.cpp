#include "shard_writers.h"

#include <sys/resource.h>

#include <vector>

#include "index_metadata.h"

namespace plan {

namespace fs = std::filesystem;

namespace {

// One Xapian database per shard is open while building: allow as many files as the system does.
void raise_open_file_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
}

}  // namespace

ShardWriters::ShardWriters(const fs::path& root, const ShardSpec& spec) : root_(root), spec_(spec) {
    if (spec_.by == ShardBy::None) {
        open(root_, "", "");
    } else {
        fs::create_directories(root_);
        raise_open_file_limit();
        // With a fixed count every shard exists, even an empty one, so the stub is complete.
        for (unsigned i = 0; i < spec_.count; ++i) {
            const std::string name = "part-" + std::to_string(i);
            open(root_ / name, name, name);
        }
    }
}

Xapian::WritableDatabase& ShardWriters::db_for(const ProjectRecord& r) {
    if (spec_.by == ShardBy::None) return shards_.begin()->second.db;
    const std::string key = shard_key(r, spec_.by);
    const std::string name = shard_name(key, spec_);
    auto it = shards_.find(name);
    if (it == shards_.end()) it = open(root_ / name, name, spec_.count ? name : key);
    return it->second.db;
}

void ShardWriters::commit_all() {
    for (auto& [name, s] : shards_) s.db.commit();
}

std::vector<Xapian::WritableDatabase*> ShardWriters::databases() {
    std::vector<Xapian::WritableDatabase*> out;
    for (auto& [name, s] : shards_) out.push_back(&s.db);
    return out;
}

void ShardWriters::finish(const SynonymGroups& synonyms, const JapaneseAnalyzer& analyzer,
                          const std::map<std::string, std::string>& metadata) {
    if (shards_.empty()) open(root_ / "empty", "empty", "");
    std::vector<Xapian::WritableDatabase*> dbs;
    for (auto& [name, s] : shards_) dbs.push_back(&s.db);
    store_synonym_map(dbs, synonyms, analyzer);
    std::vector<std::string> names;
    for (auto& [name, s] : shards_) {
        for (const auto& [k, v] : metadata) s.db.set_metadata(k, v);
        if (spec_.by != ShardBy::None) {
            s.db.set_metadata(kMetaShardBy, shard_by_name(spec_.by));
            s.db.set_metadata(kMetaShardCount, std::to_string(spec_.count));
            s.db.set_metadata(kMetaShardKey, s.key);
        }
        s.db.commit();
        s.db.close();
        names.push_back(name);
    }
    if (spec_.by != ShardBy::None) write_stub(root_ / kStubFileName, names);
}

std::map<std::string, ShardWriters::Shard>::iterator ShardWriters::open(const fs::path& dir,
                                                                        const std::string& name,
                                                                        const std::string& key) {
    Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    return shards_.emplace(name, Shard{std::move(db), key}).first;
}

}  // namespace plan
