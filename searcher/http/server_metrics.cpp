#include "http/server_metrics.h"

#include <chrono>
#include <cstdio>

namespace plan {

namespace {

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A label value as the exposition format wants it: backslash, double quote and newline escaped.
std::string label_value(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string number(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

std::string_view endpoint_of(std::string_view path) {
    if (path == "/api/search") return "search";
    if (path == "/api/facets") return "facets";
    if (path == "/api/openapi.json") return "openapi";
    if (path == "/healthz") return "healthz";
    if (path == "/readyz") return "readyz";
    if (path == "/metrics") return "metrics";
    if (path.starts_with("/api/projects/")) {
        const std::string_view rest = path.substr(14);
        const size_t slash = rest.find('/');
        if (slash == std::string_view::npos) return rest.empty() ? "other" : "project";
        return rest.substr(slash) == "/related" && slash > 0 ? "related" : "other";
    }
    if (path == "/" || path == "/app.js" || path == "/facets.js" || path == "/style.css" ||
        path == "/favicon.svg")
        return "page";
    return "other";
}

ServerMetrics::ServerMetrics() : started_at_(unix_now()) {}

void ServerMetrics::request_finished(std::string_view endpoint, int status, double seconds) {
    in_flight_.fetch_sub(1);
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(endpoint), status}];
    Histogram& h = latency_[std::string(endpoint)];
    size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
    if (bucket < kBuckets.size()) ++h.counts[bucket];
    ++h.count;
    h.sum += seconds;
}

void ServerMetrics::request_refused(std::string_view endpoint, int status) {
    std::lock_guard lock(mutex_);
    ++requests_[{std::string(endpoint), status}];
}

void ServerMetrics::time_budget_exceeded(std::string_view endpoint) {
    std::lock_guard lock(mutex_);
    ++over_budget_[std::string(endpoint)];
}

std::string ServerMetrics::exposition(const IndexStatus& index) const {
    std::string out;
    std::lock_guard lock(mutex_);

    header(out, "plan_search_http_requests_total", "counter",
           "HTTP requests answered, by endpoint and status.");
    for (const auto& [key, n] : requests_)
        out += "plan_search_http_requests_total{endpoint=\"" + key.first + "\",status=\"" +
               std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";

    header(out, "plan_search_http_request_duration_seconds", "histogram",
           "Time from the request's headers read to its response ready to write, by endpoint.");
    for (const auto& [endpoint, h] : latency_) {
        const std::string name =
            "plan_search_http_request_duration_seconds_bucket{endpoint=\"" + endpoint + "\",le=\"";
        uint64_t cumulative = 0;
        for (size_t i = 0; i < kBuckets.size(); ++i) {
            cumulative += h.counts[i];
            out += name + number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
        }
        out += name + "+Inf\"} " + std::to_string(h.count) + "\n";
        out += "plan_search_http_request_duration_seconds_sum{endpoint=\"" + endpoint + "\"} " +
               number(h.sum) + "\n";
        out += "plan_search_http_request_duration_seconds_count{endpoint=\"" + endpoint + "\"} " +
               std::to_string(h.count) + "\n";
    }

    header(out, "plan_search_http_requests_in_flight", "gauge",
           "Requests being handled now (this scrape included).");
    out += "plan_search_http_requests_in_flight " + std::to_string(in_flight_.load()) + "\n";

    header(out, "plan_search_time_budget_exceeded_total", "counter",
           "Searches and related lookups that answered 503 over --time-budget-ms.");
    for (const char* endpoint : {"search", "related"}) {
        const auto it = over_budget_.find(endpoint);
        out += std::string("plan_search_time_budget_exceeded_total{endpoint=\"") + endpoint +
               "\"} " + std::to_string(it == over_budget_.end() ? 0 : it->second) + "\n";
    }

    header(out, "plan_search_index_loaded", "gauge",
           "1 once the index has been opened (see /readyz), else 0.");
    out += std::string("plan_search_index_loaded ") + (index.loaded ? "1" : "0") + "\n";
    header(out, "plan_search_index_info", "gauge",
           "The index served: its path and revision (generation:Xapian revision) as labels.");
    if (index.loaded)
        out += "plan_search_index_info{index=\"" + label_value(index.path) + "\",revision=\"" +
               label_value(index.revision) + "\"} 1\n";
    header(out, "plan_search_index_records", "gauge", "Records in the index served.");
    out += "plan_search_index_records " + std::to_string(index.records) + "\n";
    header(out, "plan_search_index_last_reload_timestamp_seconds", "gauge",
           "Unix time when the revision served was first opened (0: never).");
    out += "plan_search_index_last_reload_timestamp_seconds " + number(index.loaded_at) + "\n";
    header(out, "plan_search_index_reloads_total", "counter",
           "Times the server switched to a newer index revision (rebuild, plan-index add).");
    out += "plan_search_index_reloads_total " + std::to_string(index.reloads) + "\n";

    header(out, "process_start_time_seconds", "gauge", "Unix time when the server started.");
    out += "process_start_time_seconds " + number(started_at_) + "\n";
    return out;
}

}  // namespace plan
