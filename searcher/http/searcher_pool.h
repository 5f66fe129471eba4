/** @file searcher_pool.h
 *  @brief SearcherPool: an index path in, PlanSearchers lent one per request thread out.
 *
 *  Xapian::Database objects must not be shared across threads, so every worker thread borrows
 *  its own PlanSearcher (created lazily, at most max_searchers). A watcher thread looks for a newer
 *  index revision once per check_interval, outside any request; only when it finds one does each
 *  searcher reopen, on its next lease. A searcher keeps its open generation while a rebuild is in
 *  progress or when the new one cannot be opened. With no usable index, borrowing
 *  fails with ApiError 503 until one appears (the server starts anyway). request_reload()
 *  (SIGHUP) makes every searcher look for a new generation on its next lease; index_status()
 *  says which revision the searchers last opened, for /metrics.
 */
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "search/plan_searcher.h"

namespace plan {

/// The index the server answers from, as the SearcherPool last saw it.
struct IndexStatus {
    bool loaded = false;   // a searcher has opened the index at least once
    std::string path;      // --index
    std::string revision;  // PlanSearcher::revision() of the newest generation opened
    uint64_t records = 0;  // its record count
    double loaded_at = 0;  // Unix time when that revision was first opened (0: never)
    uint64_t reloads = 0;  // times a searcher switched to a newer revision
};

class SearcherPool {
  public:
    SearcherPool(std::string index_path, const JapaneseAnalyzer& analyzer, size_t max_searchers,
                 std::chrono::milliseconds check_interval = std::chrono::seconds(1));
    ~SearcherPool();
    SearcherPool(const SearcherPool&) = delete;
    SearcherPool& operator=(const SearcherPool&) = delete;

    /// Runs f(PlanSearcher&) with a searcher of its own; reopens and retries once when the index
    /// changed under a running query. Throws ApiError 503 while no index is available.
    template <typename F>
    auto with_searcher(F&& f) {
        Lease lease(*this);
        try {
            return f(lease.searcher());
        } catch (const Xapian::DatabaseModifiedError&) {
            lease.searcher().reopen();
            return f(lease.searcher());
        }
    }

    const std::string& index_path() const { return index_path_; }

    /// Every searcher checks for a new generation on its next lease, whatever check_interval.
    void request_reload() { reload_epoch_.fetch_add(1); }
    IndexStatus index_status() const;

  private:
    struct Slot {
        std::unique_ptr<PlanSearcher> searcher;
        uint64_t reload_epoch = 0;  // the pool's reload_epoch_ when last (re)opened
    };
    class Lease {
      public:
        explicit Lease(SearcherPool& pool);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        PlanSearcher& searcher() { return *slot_->searcher; }

      private:
        SearcherPool& pool_;
        Slot* slot_;
    };

    std::string index_path_;
    const JapaneseAnalyzer& analyzer_;
    size_t max_searchers_;
    std::chrono::milliseconds check_interval_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Slot>> slots_;
    std::vector<Slot*> idle_;
    // Requests get searchers in arrival order (a condition variable alone wakes an arbitrary
    // waiter, so under load some requests waited many turns: the p99).
    uint64_t next_ticket_ = 0, serving_ticket_ = 0;
    std::atomic<uint64_t> reload_epoch_{0};
    mutable std::mutex status_mutex_;
    IndexStatus status_;
    std::mutex watch_mutex_;
    std::condition_variable watch_wake_;
    bool stopping_ = false;
    std::thread watcher_;  // last: starts once everything above is initialised

    Slot* take();
    void give_back(Slot* slot);
    void prepare(Slot& slot);
    void note_revision(const PlanSearcher& searcher);
    /// The watcher thread: a searcher of its own reopens every check_interval; a new revision
    /// bumps reload_epoch_, which tells the request searchers to reopen.
    void watch();
};

}  // namespace plan
