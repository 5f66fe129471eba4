#include "index_update.h"

#include <xapian.h>

#include <deque>
#include <map>
#include <set>

#include "index_metadata.h"
#include "index_schema.h"
#include "shard_layout.h"

namespace plan {

namespace fs = std::filesystem;

namespace {

/// The served generation's databases, opened for writing and checked against this analyzer.
class ServedShards {
  public:
    ServedShards(const fs::path& index_dir, const JapaneseAnalyzer* analyzer,
                 const std::string* synonyms_digest)
        : index_(index_dir.string()) {
        std::error_code ec;
        if (!fs::exists(index_dir, ec))
            throw IndexUpdateError("no index at " + index_ +
                                   " (build one with: plan-index build --index " + index_ + ")");
        generation_ = fs::canonical(index_dir);
        const fs::path stub = generation_ / kStubFileName;
        if (fs::exists(stub)) {
            open_stub(stub);
        } else {
            open(generation_);
        }
        if (shards_.empty()) throw IndexUpdateError(index_ + ": the stub lists no shard");
        for (auto& s : shards_) {
            const std::string where =
                s.folder.empty() ? index_ : index_ + " (shard " + s.folder + ")";
            check_compatible(s.db, where, analyzer, synonyms_digest);
        }
        const auto& first = shards_.front().db;
        spec_.by = sharded_ ? parse_shard_by(first.get_metadata(kMetaShardBy)) : ShardBy::None;
        const std::string count = first.get_metadata(kMetaShardCount);
        spec_.count = count.empty() ? 0 : static_cast<unsigned>(std::stoul(count));
        slots_ = stored_facet_slots(first);
    }

    struct Shard {
        std::string folder;  // name inside the generation folder (empty when unsharded)
        Xapian::WritableDatabase db;
    };
    std::deque<Shard>& shards() { return shards_; }
    FacetSlots& facet_slots() { return slots_; }

    /// The shard a record belongs to; a new one (added to the stub) for a new value.
    Xapian::WritableDatabase& shard_for(const ProjectRecord& r) {
        if (!sharded_) return shards_.front().db;
        const std::string key = shard_key(r, spec_.by);
        const std::string name = shard_name(key, spec_);
        for (auto& s : shards_)
            if (s.folder == name) return s.db;
        Xapian::WritableDatabase db((generation_ / name).string(), Xapian::DB_CREATE_OR_OPEN);
        auto& first = shards_.front().db;
        for (auto it = first.metadata_keys_begin("plan:"); it != first.metadata_keys_end("plan:");
             ++it)
            db.set_metadata(*it, first.get_metadata(*it));
        db.set_metadata(kMetaShardKey, spec_.count ? name : key);
        for (auto it = first.synonym_keys_begin(); it != first.synonym_keys_end(); ++it)
            for (auto s = first.synonyms_begin(*it); s != first.synonyms_end(*it); ++s)
                db.add_synonym(*it, *s);
        shards_.push_back({name, std::move(db)});
        new_shard_ = true;
        return shards_.back().db;
    }

    /// The synonym map again, over the updated shards: the index keeps only the expansions to
    /// terms it holds, and the update may have brought new ones.
    void store_synonyms(const SynonymGroups& groups, const JapaneseAnalyzer& analyzer) {
        std::vector<Xapian::WritableDatabase*> dbs;
        for (auto& s : shards_) dbs.push_back(&s.db);
        store_synonym_map(dbs, groups, analyzer);
    }

    /// Record the facet slots and the update time in every shard, commit, and list new shards.
    void commit() {
        const std::string stamp = now_ms();
        for (auto& s : shards_) {
            stamp_update(s.db, slots_, stamp);
            s.db.commit();
        }
        if (new_shard_) {
            std::vector<std::string> names;
            for (const auto& s : shards_) names.push_back(s.folder);
            write_stub(generation_ / kStubFileName, names);
        }
    }

  private:
    std::string index_;
    fs::path generation_;
    bool sharded_ = false;
    bool new_shard_ = false;
    ShardSpec spec_;
    std::deque<Shard> shards_;  // a deque: references stay valid when a shard is added
    FacetSlots slots_;

    void open_stub(const fs::path& stub) {
        for (const auto& e : read_stub(stub)) {
            if (e.type != "auto" && e.type != "glass")
                throw IndexUpdateError(index_ + ": shard '" + e.type + " " + e.target +
                                       "' is not local; update it where it is served "
                                       "(plan-index add --index <that shard>)");
            open(generation_ / e.target);
        }
        sharded_ = true;
    }

    void open(const fs::path& dir) {
        try {
            shards_.push_back({dir != generation_ ? dir.filename().string() : "",
                               Xapian::WritableDatabase(dir.string(), Xapian::DB_OPEN)});
        } catch (const Xapian::DatabaseLockError&) {
            throw IndexUpdateError(dir.string() +
                                   " is being written by another process (plan-index add or "
                                   "remove); try again when it has finished");
        }
    }
};

/// The id of a stored record: its Q term.
std::string id_of(Xapian::Database& db, Xapian::docid did) {
    auto t = db.termlist_begin(did);
    t.skip_to(std::string(schema::kId));
    if (t == db.termlist_end(did) || !(*t).starts_with(schema::kId)) return {};
    return (*t).substr(schema::kId.size());
}

}  // namespace

UpdateStats update_document(const fs::path& index_dir, const std::string& document_id,
                            const std::vector<ProjectRecord>& records, unsigned ordinal,
                            const std::string& synonyms_digest, const JapaneseAnalyzer& analyzer,
                            const SynonymGroups* synonyms) {
    ServedShards served(index_dir, &analyzer, &synonyms_digest);
    UpdateStats stats;
    // Where each record goes, so a record that now belongs elsewhere (or is gone) is deleted.
    std::map<Xapian::WritableDatabase*, std::set<std::string>> ids_in;
    std::vector<std::pair<Xapian::WritableDatabase*, const ProjectRecord*>> placed;
    for (const auto& r : records) {
        Xapian::WritableDatabase* db = &served.shard_for(r);
        ids_in[db].insert(r.id);
        placed.emplace_back(db, &r);
    }
    const std::string doc_term = schema::filter_term(schema::kDocument, document_id);
    schema::ReadingLexicon lexicon;  // the new records' readings, for every shard's lexicon
    for (auto& s : served.shards()) {
        std::vector<Xapian::docid> gone;
        for (auto p = s.db.postlist_begin(doc_term); p != s.db.postlist_end(doc_term); ++p)
            if (!ids_in[&s.db].count(id_of(s.db, *p))) gone.push_back(*p);
        for (auto did : gone) s.db.delete_document(did);
        stats.removed += gone.size();
    }
    for (auto& [db, r] : placed) {
        const std::string id_term = schema::filter_term(schema::kId, r->id);
        (db->term_exists(id_term) ? stats.replaced : stats.added) += 1;
        db->replace_document(id_term, schema::make_document(*r, analyzer, served.facet_slots(),
                                                            ordinal, {}, &lexicon));
    }
    schema::ReadingTable readings;
    schema::add_readings(readings, lexicon.take());
    for (auto& s : served.shards()) schema::store_readings(s.db, readings);
    if (synonyms) served.store_synonyms(*synonyms, analyzer);
    served.commit();
    return stats;
}

UpdateStats remove_document(const fs::path& index_dir, const std::string& document_id) {
    ServedShards served(index_dir, nullptr, nullptr);
    UpdateStats stats;
    const std::string doc_term = schema::filter_term(schema::kDocument, document_id);
    for (auto& s : served.shards()) {
        stats.removed += s.db.get_termfreq(doc_term);
        s.db.delete_document(doc_term);
    }
    if (stats.removed) served.commit();
    return stats;
}

}  // namespace plan
