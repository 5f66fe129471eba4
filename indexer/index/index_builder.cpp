#include "index_builder.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

#include "index_schema.h"
#include "input_error.h"

namespace plan {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string default_index_path() {
    if (const char* env = std::getenv("PLAN_SEARCH_INDEX"); env && *env) return env;
    return "data/index";
}

namespace {

// Shard bookkeeping kept in every shard's metadata (the searcher reads none of it).
constexpr const char* kMetaShardBy = "plan:shard-by";
constexpr const char* kMetaShardCount = "plan:shard-count";
constexpr const char* kMetaShardKey = "plan:shard-key";

constexpr size_t kBatchSize = 64;  // records per unit of work handed to an analysis thread

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string now_ms() {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
}

// index_dir is a symlink to "<index_dir>.generations/<name>"; a build writes a new generation and
// replaces the symlink with rename(2), which is atomic. The previous generation is kept so readers
// that still hold it open finish their work; older ones are removed.
fs::path generations_dir(const fs::path& index_dir) {
    return index_dir.parent_path() / (index_dir.filename().string() + ".generations");
}

void switch_to(const fs::path& index_dir, const fs::path& generation) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(index_dir)) &&
        !fs::is_symlink(fs::symlink_status(index_dir))) {
        // An index from before generations existed: move it aside, it becomes a generation.
        fs::rename(index_dir, generations_dir(index_dir) / "legacy", ec);
        if (ec)
            throw InputError(index_dir.string(),
                             "cannot move the old index aside: " + ec.message());
    }
    const fs::path tmp_link = index_dir.parent_path() / (index_dir.filename().string() + ".switch");
    fs::remove(tmp_link, ec);
    fs::create_directory_symlink(fs::relative(generation, index_dir.parent_path()), tmp_link);
    fs::rename(tmp_link, index_dir);  // atomic replacement of the symlink
}

void prune_generations(const fs::path& index_dir, const fs::path& current,
                       const fs::path& previous) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(generations_dir(index_dir), ec)) {
        const fs::path p = entry.path();
        if (p == current || p == previous) continue;
        if (p.filename().string().rfind("building-", 0) == 0) {
            // An unfinished build of a process that is gone: its pid is in the name.
            std::string pid = p.filename().string().substr(9);
            pid = pid.substr(0, pid.find('-'));
            if (!pid.empty() && ::kill(std::atoi(pid.c_str()), 0) == 0) continue;
        }
        fs::remove_all(p, ec);
    }
}

// The build writes without fsync (DB_NO_SYNC: nobody reads it yet); one syncfs before the switch
// makes it durable at once, which is much cheaper than a sync per commit.
void sync_folder(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) return;
    ::syncfs(fd);
    ::close(fd);
}

// One Xapian database per shard is open while building: allow as many files as the system does.
void raise_open_file_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
}

/// Extra facet name -> value slot, shared by the analysis threads (a new name gets the next slot).
class FacetSlotTable {
  public:
    explicit FacetSlotTable(std::map<std::string, Xapian::valueno> initial)
        : slots_(std::move(initial)) {}

    /// Make sure local knows a slot for every extra facet of r (so make_document adds none).
    void prepare(const ProjectRecord& r, std::map<std::string, Xapian::valueno>& local) {
        bool missing = false;
        for (const auto& [name, value] : r.facets) missing = missing || !local.count(name);
        if (!missing) return;
        std::lock_guard lock(mutex_);
        for (const auto& [name, value] : r.facets) {
            if (slots_.count(name) || slots_.size() >= schema::kMaxExtraFacetSlots) continue;
            slots_.emplace(
                name, schema::kSlotExtraFacetFirst + static_cast<Xapian::valueno>(slots_.size()));
        }
        local = slots_;
    }
    std::map<std::string, Xapian::valueno> snapshot() {
        std::lock_guard lock(mutex_);
        return slots_;
    }

  private:
    std::mutex mutex_;
    std::map<std::string, Xapian::valueno> slots_;
};

/// The databases a build writes: one (no sharding) or one per shard under root.
class ShardWriters {
  public:
    ShardWriters(const fs::path& root, const ShardSpec& spec) : root_(root), spec_(spec) {
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

    Xapian::WritableDatabase& db_for(const ProjectRecord& r) {
        if (spec_.by == ShardBy::None) return shards_.begin()->second.db;
        const std::string key = shard_key(r, spec_.by);
        const std::string name = shard_name(key, spec_);
        auto it = shards_.find(name);
        if (it == shards_.end()) it = open(root_ / name, name, spec_.count ? name : key);
        return it->second.db;
    }

    void commit_all() {
        for (auto& [name, s] : shards_) s.db.commit();
    }

    /// Store metadata in every shard (the searcher reads the first one's), commit, close; write
    /// the stub when sharded.
    void finish(const SynonymGroups& synonyms, const JapaneseAnalyzer& analyzer,
                const std::map<std::string, std::string>& metadata) {
        if (shards_.empty()) open(root_ / "empty", "empty", "");
        const SynonymMap map = build_synonym_map(synonyms, analyzer, [&](const std::string& t) {
            return std::any_of(shards_.begin(), shards_.end(),
                               [&](const auto& s) { return s.second.db.term_exists(t); });
        });
        std::vector<std::string> names;
        for (auto& [name, s] : shards_) {
            store_synonyms(s.db, map);
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
    size_t size() const { return shards_.size(); }

  private:
    struct Shard {
        Xapian::WritableDatabase db;
        std::string key;
    };
    fs::path root_;
    ShardSpec spec_;
    std::map<std::string, Shard> shards_;

    std::map<std::string, Shard>::iterator open(const fs::path& dir, const std::string& name,
                                                const std::string& key) {
        Xapian::WritableDatabase db(dir.string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        return shards_.emplace(name, Shard{std::move(db), key}).first;
    }
};

struct Batch {
    size_t seq = 0;
    std::vector<PendingRecord> items;
    std::vector<Xapian::Document> docs;
};

/// Shows records, rate and time left on a terminal, at most a few times a second.
class BuildProgress {
  public:
    BuildProgress(bool show, const RecordSource& source) : show_(show), source_(source) {}
    void update(size_t records, bool force = false) {
        if (!show_) return;
        const double el = seconds_since(start_);
        if (!force && el - last_ < 0.25) return;
        last_ = el;
        const double rate = records / std::max(el, 1e-6);
        double fraction = source_.fraction_read();
        if (source_.total_hint()) fraction = double(records) / double(source_.total_hint());
        std::cerr << "\rindexing " << records;
        if (source_.total_hint()) std::cerr << "/" << source_.total_hint();
        std::cerr << " records, " << static_cast<long>(rate) << "/s";
        if (fraction > 0.001)
            std::cerr << ", " << static_cast<long>(el * (1 - fraction) / fraction) << " s left";
        std::cerr << "   " << std::flush;
    }
    void done(size_t records) {
        if (!show_) return;
        update(records, true);
        std::cerr << "\n";
    }

  private:
    bool show_;
    const RecordSource& source_;
    Clock::time_point start_ = Clock::now();
    double last_ = -1;
};

/// The pipeline: this thread reads batches, analysis threads turn them into Xapian documents,
/// one writer thread adds them in input order and commits every commit_every documents. At most
/// a few batches are in flight, so memory does not grow with the input.
class BuildPipeline {
  public:
    BuildPipeline(RecordSource& source, const BuildOptions& options,
                  const JapaneseAnalyzer& analyzer, ShardWriters& writers, FacetSlotTable& facets)
        : source_(source),
          options_(options),
          analyzer_(analyzer),
          writers_(writers),
          facets_(facets) {}

    BuildStats run() {
        const unsigned n =
            options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
        const size_t max_in_flight = 4 * n;
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < n; ++i) workers.emplace_back([this] { analyze_loop(); });
        std::thread writer([this] { write_loop(); });
        try {
            for (;;) {
                auto batch = std::make_unique<Batch>();
                if (!source_.next(batch->items, kBatchSize)) break;
                std::unique_lock lock(mutex_);
                space_.wait(lock, [&] { return in_flight_ < max_in_flight || error_; });
                if (error_) break;
                batch->seq = produced_++;
                ++in_flight_;
                todo_.push_back(std::move(batch));
                work_.notify_one();
            }
        } catch (...) {
            fail(std::current_exception());
        }
        {
            std::lock_guard lock(mutex_);
            input_done_ = true;
        }
        work_.notify_all();
        done_.notify_all();
        for (auto& t : workers) t.join();
        writer.join();
        if (error_) std::rethrow_exception(error_);
        stats_.documents = documents_.size();
        return stats_;
    }

  private:
    RecordSource& source_;
    const BuildOptions& options_;
    const JapaneseAnalyzer& analyzer_;
    ShardWriters& writers_;
    FacetSlotTable& facets_;

    std::mutex mutex_;
    std::condition_variable work_, done_, space_;
    std::deque<std::unique_ptr<Batch>> todo_;
    std::map<size_t, std::unique_ptr<Batch>> finished_;
    size_t produced_ = 0, in_flight_ = 0;
    bool input_done_ = false;
    std::exception_ptr error_;

    BuildStats stats_;
    std::set<std::string> documents_;
    std::unordered_map<std::string, int> derived_ids_;

    void fail(std::exception_ptr e) {
        {
            std::lock_guard lock(mutex_);
            if (!error_) error_ = e;
        }
        work_.notify_all();
        done_.notify_all();
        space_.notify_all();
    }

    void analyze_loop() {
        std::map<std::string, Xapian::valueno> slots = facets_.snapshot();
        for (;;) {
            std::unique_ptr<Batch> batch;
            {
                std::unique_lock lock(mutex_);
                work_.wait(lock, [&] { return !todo_.empty() || input_done_ || error_; });
                if (error_ || todo_.empty()) return;
                batch = std::move(todo_.front());
                todo_.pop_front();
            }
            try {
                batch->docs.reserve(batch->items.size());
                for (auto& item : batch->items) {
                    source_.complete(item);
                    facets_.prepare(item.record, slots);
                    batch->docs.push_back(
                        schema::make_document(item.record, analyzer_, slots, item.ordinal));
                }
            } catch (...) {
                fail(std::current_exception());
                return;
            }
            std::lock_guard lock(mutex_);
            const size_t seq = batch->seq;
            finished_.emplace(seq, std::move(batch));
            done_.notify_all();
        }
    }

    void write_loop() {
        BuildProgress progress(options_.progress && ::isatty(STDERR_FILENO), source_);
        std::map<std::string, Xapian::valueno> slots;
        size_t next = 0, since_commit = 0;
        for (;;) {
            std::unique_ptr<Batch> batch;
            {
                std::unique_lock lock(mutex_);
                done_.wait(lock, [&] {
                    return finished_.count(next) || error_ || (input_done_ && next == produced_);
                });
                if (error_ || !finished_.count(next)) break;
                batch = std::move(finished_[next]);
                finished_.erase(next);
            }
            try {
                for (size_t i = 0; i < batch->items.size(); ++i) {
                    ProjectRecord& r = batch->items[i].record;
                    Xapian::Document& doc = batch->docs[i];
                    if (batch->items[i].derived_id) {
                        // Same "<document>-<line>" twice: number the later ones, as extract does.
                        const int n = ++derived_ids_[r.id];
                        if (n > 1) {
                            r.id += "-" + std::to_string(n);
                            slots = facets_.snapshot();
                            doc =
                                schema::make_document(r, analyzer_, slots, batch->items[i].ordinal);
                        }
                    }
                    writers_.db_for(r).replace_document(schema::filter_term(schema::kId, r.id),
                                                        doc);
                    documents_.insert(r.document.id);
                    ++stats_.records;
                    if (++since_commit >= options_.commit_every) {
                        writers_.commit_all();
                        since_commit = 0;
                    }
                }
            } catch (...) {
                fail(std::current_exception());
                break;
            }
            progress.update(stats_.records);
            std::lock_guard lock(mutex_);
            ++next;
            --in_flight_;
            space_.notify_one();
        }
        progress.done(stats_.records);
    }
};

}  // namespace

BuildStats build_index(RecordSource& source, const BuildOptions& options,
                       const JapaneseAnalyzer& analyzer) {
    const auto start = Clock::now();
    const fs::path index_dir = fs::absolute(options.index_dir).lexically_normal();
    fs::create_directories(generations_dir(index_dir));
    const std::string name = std::to_string(::getpid()) + "-" + now_ms();
    const fs::path building = generations_dir(index_dir) / ("building-" + name);
    const fs::path generation = generations_dir(index_dir) / ("gen-" + name);
    fs::path previous;
    if (fs::is_symlink(index_dir)) previous = fs::canonical(index_dir);

    BuildStats stats;
    try {
        FacetSlotTable facets({});
        ShardWriters writers(building, options.shards);
        stats = BuildPipeline(source, options, analyzer, writers, facets).run();
        nlohmann::json slots = facets.snapshot();
        writers.finish(options.synonyms, analyzer,
                       {{std::string(schema::kMetaAnalyzer), analyzer.version()},
                        {std::string(schema::kMetaSynonyms), options.synonyms_digest},
                        {std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion)},
                        {std::string(schema::kMetaExtraFacets), slots.dump()},
                        {std::string(schema::kMetaUpdated), now_ms()}});
        stats.shards = writers.size();
    } catch (...) {
        std::error_code ec;
        fs::remove_all(building, ec);
        throw;
    }
    sync_folder(building);
    fs::rename(building, generation);
    switch_to(index_dir, generation);
    prune_generations(index_dir, generation, previous);
    stats.seconds = seconds_since(start);
    return stats;
}

BuildStats build_index(const std::vector<std::vector<ProjectRecord>>& documents,
                       const BuildOptions& options, const JapaneseAnalyzer& analyzer) {
    DocumentsSource source(documents);
    return build_index(source, options, analyzer);
}

// ---------------------------------------------------------------------------------------------
// In-place updates

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
            for (const auto& e : read_stub(stub)) {
                if (e.type != "auto" && e.type != "glass")
                    throw IndexUpdateError(index_ + ": shard '" + e.type + " " + e.target +
                                           "' is not local; update it where it is served "
                                           "(plan-index add --index <that shard>)");
                open(generation_ / e.target);
            }
            sharded_ = true;
        } else {
            open(generation_);
        }
        if (shards_.empty()) throw IndexUpdateError(index_ + ": the stub lists no shard");
        for (auto& s : shards_) check(s, analyzer, synonyms_digest);
        const auto& first = shards_.front().db;
        spec_.by = sharded_ ? parse_shard_by(first.get_metadata(kMetaShardBy)) : ShardBy::None;
        const std::string count = first.get_metadata(kMetaShardCount);
        spec_.count = count.empty() ? 0 : static_cast<unsigned>(std::stoul(count));
        const std::string extra = first.get_metadata(std::string(schema::kMetaExtraFacets));
        if (!extra.empty())
            slots_ = nlohmann::json::parse(extra).get<std::map<std::string, Xapian::valueno>>();
    }

    struct Shard {
        std::string folder;  // name inside the generation folder (empty when unsharded)
        Xapian::WritableDatabase db;
    };
    std::deque<Shard>& shards() { return shards_; }
    std::map<std::string, Xapian::valueno>& facet_slots() { return slots_; }

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
        const SynonymMap map = build_synonym_map(groups, analyzer, [&](const std::string& t) {
            return std::any_of(shards_.begin(), shards_.end(),
                               [&](const auto& s) { return s.db.term_exists(t); });
        });
        for (auto& s : shards_) plan::store_synonyms(s.db, map);
    }

    /// Record the facet slots and the update time in every shard, commit, and list new shards.
    void commit() {
        const std::string slots = nlohmann::json(slots_).dump();
        const std::string stamp = now_ms();
        for (auto& s : shards_) {
            s.db.set_metadata(std::string(schema::kMetaExtraFacets), slots);
            s.db.set_metadata(std::string(schema::kMetaUpdated), stamp);
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
    std::map<std::string, Xapian::valueno> slots_;

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

    void check(Shard& s, const JapaneseAnalyzer* analyzer, const std::string* synonyms_digest) {
        const std::string where = s.folder.empty() ? index_ : index_ + " (shard " + s.folder + ")";
        const std::string built_with = s.db.get_metadata(std::string(schema::kMetaAnalyzer));
        if (built_with.empty())
            throw IndexUpdateError(where +
                                   " is not a plan-search index: rebuild it with plan-index build");
        if (s.db.get_metadata(std::string(schema::kMetaSchema)) != schema::kSchemaVersion)
            throw IndexUpdateError(where +
                                   " has another index schema: rebuild it with plan-index build");
        if (analyzer && built_with != analyzer->version())
            throw IndexUpdateError(
                where + " was built by analyzer '" + built_with + "' but this plan-index uses '" +
                analyzer->version() +
                "' (the user dictionary changed?): new records would not match old "
                "ones; rebuild the index with plan-index build");
        if (synonyms_digest &&
            s.db.get_metadata(std::string(schema::kMetaSynonyms)) != *synonyms_digest)
            throw IndexUpdateError(where + " was built with other synonyms than " +
                                   default_synonyms_path() +
                                   " holds now: rebuild the index with plan-index build");
    }
};

/// The id of a stored record: its Q term.
std::string id_of(Xapian::Database& db, Xapian::docid did) {
    auto t = db.termlist_begin(did);
    t.skip_to(std::string(schema::kId));
    if (t == db.termlist_end(did) || (*t).rfind(schema::kId, 0) != 0) return {};
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
        db->replace_document(id_term,
                             schema::make_document(*r, analyzer, served.facet_slots(), ordinal));
    }
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
