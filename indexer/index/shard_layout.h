/** @file shard_layout.h
 *  @brief Shard layout of an index: a record in, the name of the shard (Xapian database) it
 *  belongs to out; and the Xapian stub file (XAPIANDB) that lists the shards as one collection.
 *
 *  A sharded generation folder holds one database per shard plus "XAPIANDB", a stub of
 *  "auto <folder>" lines. Xapian opens a folder holding XAPIANDB as the stub, so the searcher
 *  opens `--index DIR` the same way whether it holds one database or many.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "project_record.h"

namespace plan {

enum class ShardBy { None, City, Prefecture, Document };

struct ShardSpec {
    ShardBy by = ShardBy::None;
    /// 0: one shard per distinct value; N: values hashed onto N shards (part-0 … part-N-1).
    unsigned count = 0;
};

/// "city", "prefecture" or "document"; throws InputError naming --shard-by otherwise.
ShardBy parse_shard_by(const std::string& name);
std::string shard_by_name(ShardBy by);

/// The value a record is sharded on (its city, prefecture or document id).
std::string shard_key(const ProjectRecord& record, ShardBy by);

/// Folder name of the shard holding key: "part-<i>" with a count, else the key made safe
/// for a file name ("city-金沢市"; '/', '%', control bytes percent-encoded).
std::string shard_name(const std::string& key, const ShardSpec& spec);

/// File name of the stub inside a sharded generation folder (Xapian's convention).
inline constexpr const char* kStubFileName = "XAPIANDB";

struct StubEntry {
    std::string type;    // "auto", "remote", "glass", …
    std::string target;  // path (relative to the stub's folder) or remote address
};

/// Parse a Xapian stub file; throws InputError naming file:line on a malformed line.
std::vector<StubEntry> read_stub(const std::filesystem::path& stub);

/// Write the stub atomically (temporary file + rename), one "auto <name>" line per shard.
void write_stub(const std::filesystem::path& stub, const std::vector<std::string>& shard_folders);

}  // namespace plan
