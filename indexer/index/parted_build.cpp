#include "parted_build.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "build_progress.h"
#include "index_metadata.h"
#include "index_pipeline.h"
#include "index_schema.h"
#include "shard_writers.h"

namespace plan {

namespace fs = std::filesystem;

namespace {

unsigned writer_count(const BuildOptions& options) {
    return options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
}

/// The parts of source: its split, or the source itself when it cannot be split.
std::vector<RecordSource*> parts_of(RecordSource& source, const BuildOptions& options,
                                    std::vector<std::unique_ptr<RecordSource>>& owned) {
    owned = source.split(writer_count(options), options.min_part_records);
    if (owned.empty()) return {&source};
    std::vector<RecordSource*> parts;
    for (auto& p : owned) parts.push_back(p.get());
    return parts;
}

/// The share of the whole input the parts have read (each part is about the same size).
double fraction_read(const std::vector<RecordSource*>& parts) {
    double sum = 0;
    for (const auto* p : parts) {
        const double f = p->fraction_read();
        if (f < 0) return -1;
        sum += f;
    }
    return sum / static_cast<double>(parts.size());
}

/// Each part into its own database under scratch, all at once, with the progress on this thread.
/// The first failing part stops the others; the error of the earliest part in input order is
/// rethrown (the one nearest to the start of the input).
std::vector<fs::path> write_parts(const std::vector<RecordSource*>& parts,
                                  const BuildOptions& options, const JapaneseAnalyzer& analyzer,
                                  FacetSlotTable& facets, const fs::path& scratch,
                                  BuildProgress& progress, size_t& records) {
    const size_t n = parts.size();
    BuildOptions part_options = options;
    part_options.threads = std::max<unsigned>(1, writer_count(options) / static_cast<unsigned>(n));
    std::atomic<bool> stop{false};
    std::atomic<size_t> finished{0};
    std::vector<PartLink> links(n);
    std::vector<std::exception_ptr> errors(n);
    std::vector<fs::path> paths;  // complete before any thread reads it
    for (size_t k = 0; k < n; ++k) paths.push_back(scratch / ("part-" + std::to_string(k)));
    std::vector<std::thread> threads;
    fs::create_directories(scratch);
    for (size_t k = 0; k < n; ++k) {
        links[k].stop = &stop;
        threads.emplace_back([&, k] {
            try {
                ShardWriters writers(paths[k], ShardSpec{});
                run_pipeline(*parts[k], part_options, analyzer, writers, facets, &links[k]);
                writers.commit_all();
            } catch (...) {
                errors[k] = std::current_exception();
                stop = true;
            }
            ++finished;
        });
    }
    auto done = [&] {
        size_t sum = 0;
        for (const auto& l : links) sum += l.records;
        return sum;
    };
    while (finished < n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        progress.update(done());
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    records = done();
    progress.done(records);
    return paths;
}

/// Shows the table being merged on the progress line.
class MergeProgress : public Xapian::Compactor {
  public:
    MergeProgress(BuildProgress& progress, size_t parts) : progress_(progress), parts_(parts) {}
    void set_status(const std::string& table, const std::string& status) override {
        progress_.phase("merging " + std::to_string(parts_) + " part" + (parts_ > 1 ? "s" : "") +
                        ": " + table + (status.empty() ? "" : " (" + status + ")"));
    }
    /// Each part has the readings of its own records: the merged lexicon has them all.
    /// Glass (1.4.22) passes the key as stored, behind its 2-byte metadata prefix "\0\xc0",
    /// not the key the API documents; both are accepted.
    std::string resolve_duplicate_metadata(const std::string& stored_key, size_t num_tags,
                                           const std::string tags[]) override {
        std::string_view key = stored_key;
        if (key.starts_with(std::string_view("\0\xc0", 2))) key.remove_prefix(2);
        if (!schema::is_reading_key(key))
            return Xapian::Compactor::resolve_duplicate_metadata(stored_key, num_tags, tags);
        return schema::merged_reading_lists(std::vector<std::string>(tags, tags + num_tags));
    }

  private:
    BuildProgress& progress_;
    size_t parts_;
};

/// The parts, in order, into one compacted database at folder: part k's documents follow part
/// k-1's (Xapian renumbers each source after the previous one), so ids follow the input.
void merge_parts(const std::vector<fs::path>& parts, const fs::path& folder,
                 BuildProgress& progress) {
    Xapian::Database all;
    for (const auto& p : parts) all.add_database(Xapian::Database(p.string()));
    MergeProgress status(progress, parts.size());
    // FULL: blocks as full as splitting items allows (xapian-compact's default); FULLER would
    // make plan-index add/remove rewrite oversize items.
    all.compact(folder.string(), Xapian::Compactor::FULL, 0, status);
    progress.end_phase();
}

/// Whether r's id is the one a record without an id gets (JsonlSource: "<document>-<line>").
bool has_derived_id(const ProjectRecord& r) {
    return r.id == r.document.id + "-" + std::to_string(r.source.line);
}

/// Give the document at docid another id (its Q term and the id in its stored record).
void rename(Xapian::WritableDatabase& db, Xapian::docid docid, const std::string& id) {
    Xapian::Document doc = db.get_document(docid);
    ProjectRecord r = schema::read_record(doc);
    doc.remove_term(schema::filter_term(schema::kId, r.id));
    r.id = id;
    doc.add_boolean_term(schema::filter_term(schema::kId, r.id));
    schema::set_record(doc, r);
    db.replace_document(docid, doc);
}

/// A document of its own with doc's data, terms (wdf and positions) and values. Replacing docid
/// A by the unmodified document B read from the same database left A's old content in place
/// (Xapian 1.4.22, glass; tests/parted_build_test.cpp catches it), so B is copied first.
Xapian::Document copy_of(const Xapian::Document& doc) {
    Xapian::Document out;
    out.set_data(doc.get_data());
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        out.add_term(*t, t.get_wdf());
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
            out.add_posting(*t, *p, 0);
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        out.add_value(v.get_valueno(), *v);
    return out;
}

/// Ids the input repeats, resolved as one writer does it (index_pipeline.cpp): a derived id again
/// is numbered "-2", "-3"… in input order; an explicit id again replaces the record, which keeps
/// the first one's place (Xapian's replace_document by unique term).
void resolve_repeated_ids(Xapian::WritableDatabase& db) {
    std::vector<std::pair<std::string, std::vector<Xapian::docid>>> repeated;
    const std::string prefix(schema::kId);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        if (t.get_termfreq() < 2) continue;
        std::vector<Xapian::docid> ids(db.postlist_begin(*t), db.postlist_end(*t));
        repeated.emplace_back(*t, std::move(ids));
    }
    for (const auto& [term, docids] : repeated) {
        const ProjectRecord first = schema::read_record(db.get_document(docids[0]));
        if (has_derived_id(first)) {
            for (size_t k = 1; k < docids.size(); ++k)
                rename(db, docids[k], first.id + "-" + std::to_string(k + 1));
        } else {
            db.replace_document(docids[0], copy_of(db.get_document(docids.back())));
            for (size_t k = 1; k < docids.size(); ++k) db.delete_document(docids[k]);
        }
    }
}

size_t count_documents(const Xapian::Database& db) {
    const std::string prefix(schema::kDocument);
    size_t n = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++n;
    return n;
}

}  // namespace

BuildStats build_parted(RecordSource& source, const BuildOptions& options,
                        const JapaneseAnalyzer& analyzer, const fs::path& folder,
                        const fs::path& scratch) {
    std::vector<std::unique_ptr<RecordSource>> owned;
    const std::vector<RecordSource*> parts = parts_of(source, options, owned);
    BuildProgress progress(
        options.progress && ::isatty(STDERR_FILENO), [&parts] { return fraction_read(parts); },
        source.total_hint());
    FacetSlotTable facets({});
    BuildStats stats;
    const auto paths =
        write_parts(parts, options, analyzer, facets, scratch, progress, stats.records);
    merge_parts(paths, folder, progress);
    fs::remove_all(scratch);

    Xapian::WritableDatabase db(folder.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    resolve_repeated_ids(db);
    store_synonym_map({&db}, options.synonyms, analyzer);
    for (const auto& [k, v] : build_metadata(analyzer, options.synonyms_digest, facets.snapshot()))
        db.set_metadata(k, v);
    db.commit();
    stats.documents = count_documents(db);
    stats.parts = parts.size();
    db.close();
    return stats;
}

}  // namespace plan
