#include "http/searcher_pool.h"

#include <chrono>

#include "http/api_request.h"

namespace plan {

SearcherPool::SearcherPool(std::string index_path, const JapaneseAnalyzer& analyzer,
                           size_t max_searchers, std::chrono::milliseconds check_interval)
    : index_path_(std::move(index_path)),
      analyzer_(analyzer),
      max_searchers_(std::max<size_t>(1, max_searchers)),
      check_interval_(check_interval) {
    status_.path = index_path_;
    watcher_ = std::thread([this] { watch(); });
}

SearcherPool::~SearcherPool() {
    {
        std::lock_guard lock(watch_mutex_);
        stopping_ = true;
    }
    watch_wake_.notify_all();
    watcher_.join();
}

void SearcherPool::watch() {
    std::unique_ptr<PlanSearcher> watcher;
    std::unique_lock lock(watch_mutex_);
    while (!watch_wake_.wait_for(lock, check_interval_, [&] { return stopping_; })) {
        lock.unlock();
        try {
            if (!watcher) {
                watcher = std::make_unique<PlanSearcher>(index_path_, analyzer_);
                reload_epoch_.fetch_add(1);  // an index appeared, or the first look: check once
            } else if (watcher->reopen()) {
                note_revision(*watcher);
                reload_epoch_.fetch_add(1);
            }
        } catch (const std::exception&) {
            // No usable index (yet): the request searchers keep what they have open.
        } catch (const Xapian::Error&) {
        }
        lock.lock();
    }
}

IndexStatus SearcherPool::index_status() const {
    std::lock_guard lock(status_mutex_);
    return status_;
}

void SearcherPool::note_revision(const PlanSearcher& searcher) {
    const std::string revision = searcher.revision();
    std::lock_guard lock(status_mutex_);
    if (status_.loaded && revision == status_.revision) return;  // another searcher was first
    if (status_.loaded) ++status_.reloads;
    status_.loaded = true;
    status_.revision = revision;
    status_.records = searcher.record_count();
    status_.loaded_at =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

SearcherPool::Slot* SearcherPool::take() {
    std::unique_lock lock(mutex_);
    const uint64_t ticket = next_ticket_++;
    returned_.wait(lock, [&] {
        return ticket == serving_ticket_ && (!idle_.empty() || slots_.size() < max_searchers_);
    });
    ++serving_ticket_;
    Slot* s = nullptr;
    if (!idle_.empty()) {
        s = idle_.back();
        idle_.pop_back();
    } else {
        slots_.push_back(std::make_unique<Slot>());
        s = slots_.back().get();
    }
    lock.unlock();
    returned_.notify_all();  // the next ticket may find a free slot too
    return s;
}

void SearcherPool::give_back(Slot* slot) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(slot);
    }
    returned_.notify_all();  // only the next ticket proceeds
}

void SearcherPool::prepare(Slot& slot) {
    const uint64_t epoch = reload_epoch_.load();
    if (!slot.searcher) {
        try {
            slot.searcher = std::make_unique<PlanSearcher>(index_path_, analyzer_);
        } catch (const IndexError& e) {
            throw ApiError(e);
        } catch (const Xapian::Error& e) {
            throw ApiError(IndexError(index_path_ + ": " + e.get_description()));
        }
        slot.reload_epoch = epoch;
        note_revision(*slot.searcher);
        return;
    }
    if (slot.reload_epoch == epoch) return;
    try {
        if (slot.searcher->reopen()) note_revision(*slot.searcher);
        slot.reload_epoch = epoch;
    } catch (const std::exception&) {
        // The new generation is not usable (yet): keep answering from the one that is open, and
        // try again on the next lease.
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
