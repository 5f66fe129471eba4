#include "http/api_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <regex>
#include <thread>

#include "facet_table.h"
#include "http/access_log.h"
#include "http/api_request.h"
#include "http/related_projects.h"
#include "http/searcher_pool.h"
#include "http/server_metrics.h"
#include "http/web_assets.h"
#include "input_error.h"
#include "present/json_output.h"
#include "present/related_output.h"
#include "search/related.h"

namespace plan {

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* kJson = "application/json; charset=utf-8";
// Threads for client connections (see ApiServer::configure).
constexpr size_t kConnectionThreads = 64;
constexpr const char* kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";

// The page's own policy: everything from this server, no inline script, nothing external.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
    "'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// When the current request started (set before routing, read by the logger; same thread).
thread_local Clock::time_point request_start;
thread_local bool request_started = false;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(dump(body), kJson);
}

void send_error(httplib::Response& res, const ApiError& e) {
    if (e.status == 503) res.set_header("Retry-After", "1");
    send_json(res, e.status, e.to_json());
}

// Code and detail for the statuses the HTTP library answers by itself (no handler ran).
std::pair<std::string, std::string> library_error(int status) {
    switch (status) {
        case 404:
            return {"not_found", "no such path"};
        case 413:
            return {"payload_too_large", "the request body is larger than the server accepts"};
        case 414:
            return {"uri_too_long", "the request URI is longer than the server accepts"};
        case 503:
            return {"unavailable", "the server is not available"};
        default:
            if (status >= 500) return {"internal_error", "internal error"};
            return {"bad_request", "the request is not well-formed HTTP"};
    }
}

QueryParams params_of(const httplib::Request& req) {
    return QueryParams(req.params.begin(), req.params.end());
}

// Facets over the whole index, computed once per index revision.
class AllFacetsCache {
  public:
    json get(PlanSearcher& s) {
        const std::string rev = s.revision();
        {
            std::lock_guard lock(mutex_);
            if (rev == revision_) return facets_;
        }
        json facets = facets_json(s.all_facets());
        std::lock_guard lock(mutex_);
        revision_ = rev;
        facets_ = facets;
        return facets;
    }

  private:
    std::mutex mutex_;
    std::string revision_;
    json facets_;
};

class ApiServer {
  public:
    explicit ApiServer(const ServerOptions& o)
        : options_(o), pool_(o.index, default_analyzer(), std::max<size_t>(1, o.threads)) {}

    httplib::Server& http() { return server_; }
    SearcherPool& pool() { return pool_; }

    void configure() {
        // httplib serves a keep-alive connection on one pool thread until it closes, so a pool of
        // `threads` would leave the other clients' connections waiting for seconds. Connections
        // get threads of their own (they mostly wait on the socket); `threads` bounds the searches
        // that run at once (the searcher pool's slots).
        const size_t connections = std::max(kConnectionThreads, options_.threads);
        server_.new_task_queue = [connections] { return new httplib::ThreadPool(connections); };
        server_.set_payload_max_length(ApiLimits::kMaxBodyBytes);
        // Beyond `connections` clients, a busy connection still yields its thread after this many.
        server_.set_keep_alive_max_count(100);
        server_.set_read_timeout(5);
        server_.set_write_timeout(5);
        // httplib writes the status line and headers apart from the body: with Nagle's algorithm
        // the body waits for the client's delayed ACK of the headers (40 ms on Linux) on every
        // keep-alive response.
        server_.set_tcp_nodelay(true);
        httplib::Headers headers = {{"X-Content-Type-Options", "nosniff"},
                                    {"Referrer-Policy", "no-referrer"}};
        if (!options_.cors.empty()) {
            headers.emplace("Access-Control-Allow-Origin", options_.cors);
            if (options_.cors != "*") headers.emplace("Vary", "Origin");
        }
        server_.set_default_headers(headers);

        server_.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
            request_start = Clock::now();
            request_started = true;
            metrics_.request_started();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        // Both run once per response, after routing or for what the library refused: counted
        // before it is written (a client that has its answer finds it in the next scrape),
        // logged after.
        server_.set_post_routing_handler(
            [this](const httplib::Request& req, httplib::Response& res) { count(req, res); });
        server_.set_logger(
            [this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
        server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;  // our handlers already wrote a JSON error
            const auto [code, detail] = library_error(res.status);
            send_json(res, res.status,
                      {{"error", code}, {"detail", detail}, {"parameter", nullptr}});
        });
        server_.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                         std::exception_ptr ep) {
            std::string detail = "internal error";
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                detail = e.what();
            } catch (const Xapian::Error& e) {
                detail = e.get_description();
            } catch (...) {
            }
            std::cerr << "plan-search serve: internal error: " << detail << "\n";
            send_json(res, 500,
                      {{"error", "internal_error"}, {"detail", detail}, {"parameter", nullptr}});
        });

        route("/healthz",
              [this](const httplib::Request& req, httplib::Response& res) { healthz(req, res); });
        route("/readyz",
              [this](const httplib::Request& req, httplib::Response& res) { readyz(req, res); });
        route("/metrics",
              [this](const httplib::Request& req, httplib::Response& res) { metrics(req, res); });
        route("/api/search",
              [this](const httplib::Request& req, httplib::Response& res) { search(req, res); });
        route("/api/facets",
              [this](const httplib::Request& req, httplib::Response& res) { facets(req, res); });
        route(R"(/api/projects/([^/]+))",
              [this](const httplib::Request& req, httplib::Response& res) { project(req, res); });
        route(R"(/api/projects/([^/]+)/related)",
              [this](const httplib::Request& req, httplib::Response& res) { related(req, res); });
        for (const auto& asset : web_assets()) {
            const WebAsset* a = &asset;
            server_.Get(std::regex_replace(std::string(a->path), std::regex(R"([.])"), R"(\.)"),
                        [a](const httplib::Request&, httplib::Response& res) {
                            res.set_content(std::string(a->bytes), std::string(a->content_type));
                            res.set_header("Cache-Control", "no-cache");
                            if (a->content_type.starts_with("text/html"))
                                res.set_header("Content-Security-Policy", kPagePolicy);
                        });
        }
        // The page's facet list, from the facet table (web/app.js reads FACETS).
        server_.Get(R"(/facets\.js)", [](const httplib::Request&, httplib::Response& res) {
            static const std::string script = schema::web_facets_script();
            res.set_content(script, "text/javascript; charset=utf-8");
            res.set_header("Cache-Control", "no-cache");
        });
        // Read-only: other methods are refused with 405 (not 404) on every path.
        auto refuse = [](const httplib::Request&, httplib::Response& res) {
            res.set_header("Allow", "GET, HEAD, OPTIONS");
            send_json(res, 405,
                      {{"error", "method_not_allowed"},
                       {"detail", "this API is read-only: use GET"},
                       {"parameter", nullptr}});
        };
        server_.Post(".*", refuse).Put(".*", refuse).Patch(".*", refuse).Delete(".*", refuse);
        server_.Options(".*", [](const httplib::Request&, httplib::Response& res) {
            res.status = 204;
            res.set_header("Allow", "GET, HEAD, OPTIONS");
            res.set_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
            res.set_header("Access-Control-Allow-Headers", "Content-Type");
            res.set_header("Access-Control-Max-Age", "600");
        });
    }

  private:
    ServerOptions options_;
    SearcherPool pool_;
    AllFacetsCache all_facets_;
    ServerMetrics metrics_;
    httplib::Server server_;

    // A JSON endpoint: ApiError and the searcher's input errors become {error, detail, parameter}.
    void route(const std::string& pattern,
               std::function<void(const httplib::Request&, httplib::Response&)> fn) {
        server_.Get(pattern, [fn](const httplib::Request& req, httplib::Response& res) {
            res.set_header("Cache-Control", "no-cache");
            try {
                fn(req, res);
            } catch (const ApiError& e) {
                send_error(res, e);
            } catch (const Error& e) {
                // The request's own errors (4xx); the server's go to the exception handler.
                if (http_status(e.kind()) >= 500) throw;
                send_error(res, ApiError(e));
            }
        });
    }

    static std::string path_of(const httplib::Request& req) {
        return req.path.empty() ? req.target : req.path;
    }

    void count(const httplib::Request& req, const httplib::Response& res) {
        const std::string_view endpoint = endpoint_of(path_of(req));
        if (request_started)
            metrics_.request_finished(endpoint, res.status, ms_since(request_start) / 1000);
        else
            metrics_.request_refused(endpoint, res.status);
    }

    void log(const httplib::Request& req, const httplib::Response& res) {
        const bool started = request_started;
        request_started = false;
        if (!options_.access_log) return;
        const std::string path = path_of(req);
        AccessLogEntry entry{req.remote_addr,
                             req.method,
                             path,
                             endpoint_of(path),
                             res.status,
                             started ? std::optional(ms_since(request_start)) : std::nullopt};
        const std::string line = access_log_line(options_.log_format, entry);
        // One write per line, so lines of concurrent requests do not interleave.
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
    }

    static double ms_since(Clock::time_point start) {
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }

    // Counted in the metrics under the endpoint that ran over.
    ApiError over_budget(double ms, std::string_view endpoint) {
        metrics_.time_budget_exceeded(endpoint);
        return ApiError(http_status(ErrorKind::TimeLimit),
                        std::string(http_error_code(ErrorKind::TimeLimit)),
                        "the search took " + std::to_string(static_cast<long>(ms)) +
                            " ms, over the budget of " +
                            std::to_string(static_cast<long>(options_.time_budget_ms)) + " ms");
    }

    void check_budget(Clock::time_point start, std::string_view endpoint) {
        if (const double ms = ms_since(start); ms > options_.time_budget_ms)
            throw over_budget(ms, endpoint);
    }

    void healthz(const httplib::Request& req, httplib::Response& res) {
        reject_params(params_of(req));
        try {
            json body = pool_.with_searcher([&](PlanSearcher& s) {
                const json facets = all_facets_.get(s);
                return json{
                    {"status", "ok"},
                    {"index", s.index_path()},
                    {"revision", s.revision()},
                    {"records", s.record_count()},
                    {"documents", facets.contains("document") ? facets["document"].size() : 0}};
            });
            send_json(res, 200, body);
        } catch (const ApiError& e) {
            json body = e.to_json();
            body["status"] = "unavailable";
            body["index"] = pool_.index_path();
            res.set_header("Retry-After", "1");
            send_json(res, e.status, body);
        }
    }

    // Ready once a searcher has the index open; "up" (503) while there is none to open.
    void readyz(const httplib::Request& req, httplib::Response& res) {
        reject_params(params_of(req));
        try {
            json body = pool_.with_searcher([](PlanSearcher& s) {
                return json{{"status", "ready"},
                            {"index_loaded", true},
                            {"index", s.index_path()},
                            {"revision", s.revision()},
                            {"records", s.record_count()}};
            });
            send_json(res, 200, body);
        } catch (const ApiError& e) {
            json body = e.to_json();
            body["status"] = "up";
            body["index_loaded"] = false;
            body["index"] = pool_.index_path();
            res.set_header("Retry-After", "1");
            send_json(res, e.status, body);
        }
    }

    void metrics(const httplib::Request& req, httplib::Response& res) {
        reject_params(params_of(req));
        try {
            // A lease checks for a newer generation, so the index gauges are current.
            pool_.with_searcher([](PlanSearcher&) { return 0; });
        } catch (const ApiError&) {
            // No index yet: plan_search_index_loaded says 0.
        }
        res.status = 200;
        res.set_content(metrics_.exposition(pool_.index_status()), kPrometheusText);
    }

    void search(const httplib::Request& req, httplib::Response& res) {
        const auto start = Clock::now();
        SearchRequest request = parse_search_params(params_of(req));
        SearchResponse response = pool_.with_searcher([&](PlanSearcher& s) {
            // The matcher gets what is left of the budget once a searcher is free.
            request.time_limit_ms = options_.time_budget_ms - ms_since(start);
            try {
                return s.search(request);
            } catch (const SearchTimeLimit&) {
                throw over_budget(ms_since(start), "search");
            }
        });
        check_budget(start, "search");
        send_json(res, 200, response_json(response));
    }

    void facets(const httplib::Request& req, httplib::Response& res) {
        reject_params(params_of(req));
        json body = pool_.with_searcher([&](PlanSearcher& s) {
            return json{{"total", s.record_count()},
                        {"revision", s.revision()},
                        {"facets", all_facets_.get(s)}};
        });
        send_json(res, 200, body);
    }

    static ApiError unknown_id(const std::string& id) {
        return ApiError(404, "not_found", "no project with id '" + id + "'", "id");
    }

    void project(const httplib::Request& req, httplib::Response& res) {
        reject_params(params_of(req));
        const std::string id = req.matches[1];
        check_id(id);
        // The record with its links across plan periods, as `plan-search show --json` prints it.
        auto body = pool_.with_searcher([&](PlanSearcher& s) -> std::optional<json> {
            auto record = s.find(id);
            if (!record) return std::nullopt;
            json j = *record;
            j["history"] = history_json(plan_history(s, id))["history"];
            return j;
        });
        if (!body) throw unknown_id(id);
        send_json(res, 200, *body);
    }

    void related(const httplib::Request& req, httplib::Response& res) {
        const auto start = Clock::now();
        RelatedRequest request = parse_related_params(params_of(req));
        const std::string id = req.matches[1];
        check_id(id);
        json body = pool_.with_searcher([&](PlanSearcher& s) -> json {
            auto record = s.find(id);
            if (!record) throw unknown_id(id);
            request.time_limit_ms = options_.time_budget_ms - ms_since(start);
            json j;
            try {
                std::vector<std::vector<RelatedReason>> reasons;
                j = response_json(related_projects(s, *record, request, &reasons));
                for (size_t i = 0; i < reasons.size() && i < j["results"].size(); ++i)
                    j["results"][i]["reasons"] = reasons_json(reasons[i]);
            } catch (const SearchTimeLimit&) {
                throw over_budget(ms_since(start), "related");
            }
            j["source"] = {{"id", record->id}, {"name", record->name}, {"city", record->city}};
            j["method"] = kRelatedMethod;
            return j;
        });
        check_budget(start, "related");
        send_json(res, 200, body);
    }
};

// Waits for signals on its own thread: SIGHUP asks the pool to reload, SIGTERM or SIGINT stop
// the server. stop() closes the listening socket and ends keep-alive loops after their current
// request; listen_after_bind() returns once every worker has finished its request. done()
// reports that; past the drain deadline the process exits 1 with the requests still running.
class SignalHandler {
  public:
    explicit SignalHandler(double drain_seconds) : drain_(drain_seconds) {
        sigemptyset(&signals_);
        for (const int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals_, sig);
        // Blocked before any other thread starts (threads inherit the mask): only sigwait()
        // sees them.
        pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    }

    void start(ApiServer& api) {
        api_ = &api;
        thread_ = std::thread([this] { run(); });
    }

    // listen ended: by a signal (then wait for the drain) or by an error (wake the thread).
    void done() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        finished_.notify_all();
        if (!stopping_) ::kill(::getpid(), SIGTERM);
        thread_.join();
    }

  private:
    ApiServer* api_ = nullptr;
    const double drain_;
    sigset_t signals_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable finished_;
    bool done_ = false;
    std::atomic<bool> stopping_{false};

    bool is_done() {
        std::lock_guard lock(mutex_);
        return done_;
    }

    int next_stop_signal() {
        for (;;) {
            int sig = 0;
            if (sigwait(&signals_, &sig) != 0) continue;
            if (sig != SIGHUP) return sig;
            api_->pool().request_reload();
            say("SIGHUP: looking for a new index generation");
        }
    }

    void run() {
        const int sig = next_stop_signal();
        stopping_ = true;
        if (is_done()) return;  // listen failed by itself and woke us
        say(std::string(sig == SIGINT ? "SIGINT" : "SIGTERM") +
            ": no new connections; finishing the requests in flight");
        const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(drain_));
        // A signal right at start-up: stop() only acts once the server is listening.
        while (!api_->http().is_running() && !is_done() && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        api_->http().stop();
        std::unique_lock lock(mutex_);
        if (!finished_.wait_until(lock, deadline, [this] { return done_; })) {
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%g", drain_);
            say(std::string("requests still running ") + seconds +
                " s after the signal (--drain-seconds): exiting");
            std::_Exit(1);
        }
    }

    static void say(const std::string& what) {
        const std::string line = "plan-search serve: " + what + "\n";
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
    }
};

}  // namespace

int run_server(const ServerOptions& options) {
    ::signal(SIGPIPE, SIG_IGN);
    SignalHandler signals(options.drain_seconds);
    ApiServer api(options);
    api.configure();
    httplib::Server& server = api.http();
    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.host);
        if (port < 0) port = 0;
    } else if (!server.bind_to_port(options.host, port)) {
        port = 0;
    }
    if (port == 0) {
        std::cerr << "plan-search serve: cannot listen on " << options.host << ":" << options.port
                  << "\n";
        return 1;
    }
    std::cout << "plan-search serve: listening on http://" << options.host << ":" << port
              << "/ (index " << options.index << ")" << std::endl;

    signals.start(api);
    const bool ok = server.listen_after_bind();
    signals.done();
    std::cerr << "plan-search serve: stopped\n";
    return ok ? 0 : 1;
}

}  // namespace plan
