#include "http/api_server.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <regex>
#include <thread>

#include "http/api_request.h"
#include "http/related_projects.h"
#include "http/searcher_pool.h"
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

// The page's own policy: everything from this server, no inline script, nothing external.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
    "'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// When the current request started (set before routing, read by the access log; same thread).
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

    void configure() {
        const size_t threads = std::max<size_t>(1, options_.threads);
        server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        server_.set_payload_max_length(ApiLimits::kMaxBodyBytes);
        server_.set_keep_alive_max_count(1000);
        server_.set_read_timeout(5);
        server_.set_write_timeout(5);
        httplib::Headers headers = {{"X-Content-Type-Options", "nosniff"},
                                    {"Referrer-Policy", "no-referrer"}};
        if (!options_.cors.empty()) {
            headers.emplace("Access-Control-Allow-Origin", options_.cors);
            if (options_.cors != "*") headers.emplace("Vary", "Origin");
        }
        server_.set_default_headers(headers);

        server_.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            request_start = Clock::now();
            request_started = true;
            return httplib::Server::HandlerResponse::Unhandled;
        });
        if (options_.access_log)
            server_.set_logger(
                [](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
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
            } catch (const QueryError& e) {
                send_error(res, ApiError(400, "bad_query", e.what(), "q"));
            } catch (const InputError& e) {
                send_error(res, ApiError(400, "bad_parameter", e.what(), e.where()));
            }
        });
    }

    static void log(const httplib::Request& req, const httplib::Response& res) {
        char ms[32] = "-";
        if (request_started)
            std::snprintf(
                ms, sizeof ms, "%.1f",
                std::chrono::duration<double, std::milli>(Clock::now() - request_start).count());
        request_started = false;
        // The path only: queries citizens type stay out of the log.
        std::string path = req.path.empty() ? req.target.substr(0, 200) : req.path.substr(0, 200);
        for (char& c : path)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
        auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
        const std::string line = "plan-search serve: " + or_dash(req.remote_addr) + " " +
                                 or_dash(req.method) + " " + or_dash(path) + " " +
                                 std::to_string(res.status) + " " + ms + " ms\n";
        // One write per line, so lines of concurrent requests do not interleave.
        [[maybe_unused]] auto n = ::write(STDERR_FILENO, line.data(), line.size());
    }

    static double ms_since(Clock::time_point start) {
        return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }

    ApiError over_budget(double ms) const {
        return ApiError(503, "time_budget_exceeded",
                        "the search took " + std::to_string(static_cast<long>(ms)) +
                            " ms, over the budget of " +
                            std::to_string(static_cast<long>(options_.time_budget_ms)) + " ms");
    }

    void check_budget(Clock::time_point start) const {
        if (const double ms = ms_since(start); ms > options_.time_budget_ms) throw over_budget(ms);
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

    void search(const httplib::Request& req, httplib::Response& res) {
        const auto start = Clock::now();
        SearchRequest request = parse_search_params(params_of(req));
        SearchResponse response = pool_.with_searcher([&](PlanSearcher& s) {
            // The matcher gets what is left of the budget once a searcher is free.
            request.time_limit_ms = options_.time_budget_ms - ms_since(start);
            try {
                return s.search(request);
            } catch (const SearchTimeLimit&) {
                throw over_budget(ms_since(start));
            }
        });
        check_budget(start);
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
                throw over_budget(ms_since(start));
            }
            j["source"] = {{"id", record->id}, {"name", record->name}, {"city", record->city}};
            j["method"] = kRelatedMethod;
            return j;
        });
        check_budget(start);
        send_json(res, 200, body);
    }
};

}  // namespace

int run_server(const ServerOptions& options) {
    // Signals go to one thread that stops the server; the workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

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

    std::thread stopper([&] {
        int sig = 0;
        sigwait(&signals, &sig);
        if (sig != 0) server.stop();
    });
    const bool ok = server.listen_after_bind();
    // listen ended without a signal (an error): wake the stopper so it can be joined.
    if (server.is_running() || !ok) ::kill(::getpid(), SIGTERM);
    stopper.join();
    std::cerr << "plan-search serve: stopped\n";
    return ok ? 0 : 1;
}

}  // namespace plan
