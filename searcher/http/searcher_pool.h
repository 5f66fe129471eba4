/** @file searcher_pool.h
 *  @brief SearcherPool: an index path in, PlanSearchers lent one per request thread out.
 *
 *  Xapian::Database objects must not be shared across threads, so every worker thread borrows
 *  its own PlanSearcher (created lazily, at most max_searchers). A borrowed searcher checks for a
 *  newer index generation at most once per check_interval and keeps its open generation while a
 *  rebuild is in progress or when the new one cannot be opened. With no usable index, borrowing
 *  fails with ApiError 503 until one appears (the server starts anyway).
 */
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/plan_searcher.h"

namespace plan {

class SearcherPool {
  public:
    SearcherPool(std::string index_path, const JapaneseAnalyzer& analyzer, size_t max_searchers,
                 std::chrono::milliseconds check_interval = std::chrono::seconds(1));

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

  private:
    struct Slot {
        std::unique_ptr<PlanSearcher> searcher;
        std::chrono::steady_clock::time_point checked;
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

    Slot* take();
    void give_back(Slot* slot);
    void prepare(Slot& slot);
};

}  // namespace plan
