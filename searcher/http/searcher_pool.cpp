#include "http/searcher_pool.h"

#include "http/api_request.h"

namespace plan {

SearcherPool::SearcherPool(std::string index_path, const JapaneseAnalyzer& analyzer,
                           size_t max_searchers, std::chrono::milliseconds check_interval)
    : index_path_(std::move(index_path)),
      analyzer_(analyzer),
      max_searchers_(std::max<size_t>(1, max_searchers)),
      check_interval_(check_interval) {}

SearcherPool::Slot* SearcherPool::take() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || slots_.size() < max_searchers_; });
    if (!idle_.empty()) {
        Slot* s = idle_.back();
        idle_.pop_back();
        return s;
    }
    slots_.push_back(std::make_unique<Slot>());
    return slots_.back().get();
}

void SearcherPool::give_back(Slot* slot) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(slot);
    }
    returned_.notify_one();
}

void SearcherPool::prepare(Slot& slot) {
    const auto now = std::chrono::steady_clock::now();
    if (!slot.searcher) {
        try {
            slot.searcher = std::make_unique<PlanSearcher>(index_path_, analyzer_);
        } catch (const IndexError& e) {
            throw ApiError(503, "index_unavailable", e.what());
        } catch (const Xapian::Error& e) {
            throw ApiError(503, "index_unavailable", index_path_ + ": " + e.get_description());
        }
        slot.checked = now;
        return;
    }
    if (now - slot.checked < check_interval_) return;
    slot.checked = now;
    try {
        slot.searcher->reopen();
    } catch (const std::exception&) {
        // The new generation is not usable (yet): keep answering from the one that is open.
    } catch (const Xapian::Error&) {
    }
}

SearcherPool::Lease::Lease(SearcherPool& pool) : pool_(pool), slot_(pool.take()) {
    try {
        pool_.prepare(*slot_);
    } catch (...) {
        pool_.give_back(slot_);
        throw;
    }
}

SearcherPool::Lease::~Lease() { pool_.give_back(slot_); }

}  // namespace plan
