// Concurrency: searcher threads keep searching while the real plan-index rebuilds the index and
// switches the --index symlink to each new generation. No search may fail, whichever generation
// a thread still holds; every thread must see the swaps through reopen().
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

TEST_CASE("searches in 4 threads never fail while the index is rebuilt and swapped 3 times",
          "[concurrency]") {
    constexpr int kThreads = 4;
    constexpr int kRebuilds = 3;
    fs::path dir = test::scratch("concurrency");
    // Two generations of different sizes, so each search tells which one it ran on.
    const size_t large = test::write_corpus_jsonl(dir / "large.jsonl", 16);
    const size_t small = test::write_corpus_jsonl(dir / "small.jsonl", 10);
    REQUIRE(large > small);
    const std::string index = (dir / "index").string();
    auto build = [&](const std::string& jsonl) {
        auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --jsonl '" +
                           (dir / jsonl).string() + "' --index '" + index + "'");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    };
    build("large.jsonl");
    REQUIRE(fs::is_symlink(index));

    std::atomic<bool> done{false};
    std::atomic<int> ready{0};
    std::mutex mutex;
    std::vector<std::string> failures;
    std::set<size_t> sizes_seen;
    std::vector<size_t> searches(kThreads, 0), swaps_seen(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::set<size_t> sizes;
            try {
                PlanSearcher searcher(index, default_analyzer());
                SearchRequest request;
                request.query = t % 2 ? "事業" : "地域 OR まちづくり";
                request.limit = 5;
                ++ready;
                while (!done) {
                    try {
                        SearchResponse r = searcher.search(request);
                        if (r.total == 0 || r.results.empty())
                            throw std::runtime_error("no results for " + request.query);
                        sizes.insert(searcher.record_count());
                        ++searches[t];
                        if (searcher.reopen()) ++swaps_seen[t];
                    } catch (const std::exception& e) {
                        std::lock_guard lock(mutex);
                        failures.push_back("thread " + std::to_string(t) + ": " + e.what());
                    }
                }
            } catch (const std::exception& e) {
                ++ready;
                std::lock_guard lock(mutex);
                failures.push_back("thread " + std::to_string(t) + " could not open: " + e.what());
            }
            std::lock_guard lock(mutex);
            sizes_seen.insert(sizes.begin(), sizes.end());
        });
    }
    while (ready < kThreads) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    for (int i = 0; i < kRebuilds; ++i) build(i % 2 == 0 ? "small.jsonl" : "large.jsonl");
    // Let every thread search the last generation too.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    done = true;
    for (auto& th : threads) th.join();

    INFO((failures.empty() ? std::string() : failures.front()));
    CHECK(failures.empty());
    CHECK(sizes_seen == std::set<size_t>{small, large});
    for (int t = 0; t < kThreads; ++t) {
        CAPTURE(t);
        CHECK(searches[t] > 0);
        CHECK(swaps_seen[t] >= 1);
    }
}

// Queries built on "every document" (browsing, negations only, particles only) in several
// threads at once: Xapian's static Query::MatchAll, copied by each, had its unsynchronised
// reference count corrupted and the server crashed under load.
TEST_CASE("queries over every document run in 4 threads at once", "[concurrency]") {
    const std::string index = test::corpus_index();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            PlanSearcher searcher(index, default_analyzer());
            for (int i = 0; i < 3000; ++i) {
                SearchRequest request;
                request.query = std::vector<std::string>{"", "-移住", "の", "事業 -の"}[i % 4];
                request.limit = 1;
                request.facets = false;
                const SearchResponse r = searcher.search(request);
                // "の" alone is no query word: nothing; the others list most projects.
                if ((request.query == "の") != (r.total == 0)) ++failures;
            }
        });
    for (auto& th : threads) th.join();
    CHECK(failures == 0);
}
