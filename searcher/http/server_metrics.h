/** @file server_metrics.h
 *  @brief ServerMetrics: what the server did (each finished request's endpoint, status and
 *  duration; requests in flight; searches over the time budget) in, the Prometheus text
 *  exposition format (version 0.0.4) of GET /metrics out, together with the IndexStatus the
 *  SearcherPool reports (http/searcher_pool.h).
 *
 *  Endpoints are a small closed set of names (endpoint_of), never raw paths, so the number of
 *  series stays bounded whatever clients request.
 */
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "http/searcher_pool.h"

namespace plan {

/// The route a request path belongs to: search, facets, project, related, healthz, readyz,
/// metrics, openapi, page (the web page and its assets) or other (404s and the like).
std::string_view endpoint_of(std::string_view path);

class ServerMetrics {
  public:
    ServerMetrics();

    /// Upper bounds (seconds) of the latency histogram's buckets, then +Inf.
    static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                        0.5,   1,    2.5,   5,    10};

    void request_started() { in_flight_.fetch_add(1); }
    /// A request that went through request_started() ended with this status after seconds.
    void request_finished(std::string_view endpoint, int status, double seconds);
    /// A request the HTTP library answered before routing (400, 414): counted, not timed.
    void request_refused(std::string_view endpoint, int status);
    /// A search or related lookup answered 503 time_budget_exceeded.
    void time_budget_exceeded(std::string_view endpoint);

    /// The whole /metrics text.
    std::string exposition(const IndexStatus& index) const;

  private:
    struct Histogram {
        std::array<uint64_t, kBuckets.size()> counts{};  // not cumulative; summed on output
        uint64_t count = 0;
        double sum = 0;
    };
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, uint64_t> requests_;  // (endpoint, status) -> count
    std::map<std::string, Histogram> latency_;                  // endpoint -> histogram
    std::map<std::string, uint64_t> over_budget_;               // endpoint -> count
    std::atomic<int> in_flight_{0};
    const double started_at_;  // Unix time, for process_start_time_seconds
};

}  // namespace plan
