#include "index_pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <memory>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "build_progress.h"
#include "index_schema.h"

namespace plan {

void FacetSlotTable::prepare(const ProjectRecord& r, FacetSlots& local) {
    bool missing = false;
    for (const auto& [name, value] : r.facets) missing = missing || !local.count(name);
    if (!missing) return;
    std::lock_guard lock(mutex_);
    for (const auto& [name, value] : r.facets) {
        if (slots_.count(name) || slots_.size() >= schema::kMaxExtraFacetSlots) continue;
        slots_.emplace(name,
                       schema::kSlotExtraFacetFirst + static_cast<Xapian::valueno>(slots_.size()));
    }
    local = slots_;
}

FacetSlots FacetSlotTable::snapshot() {
    std::lock_guard lock(mutex_);
    return slots_;
}

namespace {

constexpr size_t kBatchSize = 64;  // records per unit of work handed to an analysis thread

struct Batch {
    size_t seq = 0;
    std::vector<PendingRecord> items;
    std::vector<Xapian::Document> docs;
    std::vector<schema::ReadingPair> readings;  // new to its analysis thread's lexicon
};

class BuildPipeline {
  public:
    BuildPipeline(RecordSource& source, const BuildOptions& options,
                  const JapaneseAnalyzer& analyzer, ShardWriters& writers, FacetSlotTable& facets,
                  PartLink* part)
        : source_(source),
          options_(options),
          analyzer_(analyzer),
          writers_(writers),
          facets_(facets),
          part_(part) {}

    BuildStats run() {
        const unsigned n =
            options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
        std::vector<std::thread> workers;
        for (unsigned i = 0; i < n; ++i) workers.emplace_back([this] { analyze_loop(); });
        std::thread writer([this] { write_loop(); });
        read_loop(4 * n);
        for (auto& t : workers) t.join();
        writer.join();
        if (error_) std::rethrow_exception(error_);
        store_readings();
        stats_.documents = documents_.size();
        return stats_;
    }

  private:
    RecordSource& source_;
    const BuildOptions& options_;
    const JapaneseAnalyzer& analyzer_;
    ShardWriters& writers_;
    FacetSlotTable& facets_;
    PartLink* part_;

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
    schema::ReadingTable readings_;  // the writer's, since the last commit
    size_t since_commit_ = 0;

    void fail(std::exception_ptr e) {
        {
            std::lock_guard lock(mutex_);
            if (!error_) error_ = e;
        }
        work_.notify_all();
        done_.notify_all();
        space_.notify_all();
    }

    // This thread: batches from the source to the analysis threads, at most max_in_flight at a
    // time; then the end of the input for every thread.
    void read_loop(size_t max_in_flight) {
        try {
            for (;;) {
                auto batch = std::make_unique<Batch>();
                if (part_ && part_->stop && *part_->stop) break;
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
    }

    void analyze_loop() {
        FacetSlots slots = facets_.snapshot();
        schema::ReadingLexicon readings;
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
                    batch->docs.push_back(schema::make_document(
                        item.record, analyzer_, slots, item.ordinal, options_.families, &readings));
                }
                batch->readings = readings.take();
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
        BuildProgress progress(options_.progress && !part_ && ::isatty(STDERR_FILENO), source_);
        FacetSlots slots;
        size_t next = 0;
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
                write(*batch, slots);
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

    // The writer thread: a batch's documents into their databases, in input order.
    void write(Batch& batch, FacetSlots& slots) {
        schema::add_readings(readings_, batch.readings);
        for (size_t i = 0; i < batch.items.size(); ++i) {
            ProjectRecord& r = batch.items[i].record;
            Xapian::Document& doc = batch.docs[i];
            if (part_) {
                writers_.db_for(r).add_document(doc);
                documents_.insert(r.document.id);
                ++stats_.records;
                ++part_->records;
                commit_if_due();
                continue;
            }
            if (batch.items[i].derived_id) {
                // Same "<document>-<line>" twice: number the later ones, as extract does.
                const int n = ++derived_ids_[r.id];
                if (n > 1) {
                    r.id.append("-").append(std::to_string(n));
                    slots = facets_.snapshot();
                    schema::ReadingLexicon readings;  // the record's pairs are in readings_
                    doc = schema::make_document(r, analyzer_, slots, batch.items[i].ordinal,
                                                options_.families, &readings);
                }
            }
            writers_.db_for(r).replace_document(schema::filter_term(schema::kId, r.id), doc);
            documents_.insert(r.document.id);
            ++stats_.records;
            commit_if_due();
        }
    }

    // Every database gets the whole lexicon (a searcher reads the first shard's metadata), a
    // commit's worth at a time so that the writer's memory does not grow with the vocabulary.
    void store_readings() {
        for (Xapian::WritableDatabase* db : writers_.databases())
            schema::store_readings(*db, readings_);
        readings_.clear();
    }

    void commit_if_due() {
        if (++since_commit_ < options_.commit_every) return;
        store_readings();
        writers_.commit_all();
        since_commit_ = 0;
    }
};

}  // namespace

BuildStats run_pipeline(RecordSource& source, const BuildOptions& options,
                        const JapaneseAnalyzer& analyzer, ShardWriters& writers,
                        FacetSlotTable& facets, PartLink* part) {
    return BuildPipeline(source, options, analyzer, writers, facets, part).run();
}

}  // namespace plan
