/** @file api_server.h
 *  @brief `plan-search serve`: ServerOptions in, an HTTP server out (read-only JSON API over the
 *  index, the web page at /, an access log line per request on stderr).
 *
 *  Endpoints: GET /api/search, /api/projects/{id}, /api/projects/{id}/related, /api/facets,
 *  /healthz, /readyz, /metrics (Prometheus text), /api/openapi.json, and the page (/, /app.js,
 *  /style.css). JSON bodies are the CLI's (present/json_output.h); errors are {error, detail,
 *  parameter} (http/api_request.h).
 *
 *  Signals: SIGTERM or SIGINT stop accepting, let the requests in flight finish (at most
 *  drain_seconds) and exit 0; SIGHUP makes every searcher look for a new index generation now.
 */
#pragma once

#include <algorithm>
#include <string>
#include <thread>

#include "http/access_log.h"

namespace plan {

struct ServerOptions {
    std::string index = "data/index";
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (printed on stdout)
    // Searches at once: they are CPU-bound, so more than the cores only time-slices them (a
    // higher p99 at the same throughput).
    size_t threads = std::max(1u, std::thread::hardware_concurrency());
    std::string cors;              // Access-Control-Allow-Origin value; "" sends no CORS headers
    double time_budget_ms = 2000;  // a search taking longer answers 503
    bool access_log = true;
    LogFormat log_format = LogFormat::text;
    double drain_seconds = 10;  // after SIGTERM, how long requests in flight may still run
};

/// Serves until SIGINT or SIGTERM. Prints "listening on http://HOST:PORT" on stdout once
/// ready. Returns the process exit status: 0 after a signal once the requests in flight have
/// finished, 1 when it cannot listen or when requests still run drain_seconds after the signal.
int run_server(const ServerOptions& options);

}  // namespace plan
