// Running plan-search serve as a service: graceful SIGTERM (requests in flight finish, exit 0;
// exit 1 past --drain-seconds), SIGHUP, /readyz before and after the index exists, an index
// rebuilt and swapped in under load, GET /metrics in the Prometheus text format, settings from
// PLAN_SEARCH_* variables and the JSON access log. All against the real `plan-search serve`.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <mutex>
#include <regex>
#include <set>

#include "http/server_metrics.h"
#include "http_test_support.h"

using namespace plan;
using namespace plan::http_test;
namespace fs = std::filesystem;

namespace {

// ---- A raw client, to send a request in pieces (a slow client). ----

int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return fd;
    ::close(fd);
    return -1;
}

void send_all(int fd, const std::string& data) {
    REQUIRE(::send(fd, data.data(), data.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(data.size()));
}

// Everything the server sends until it closes the connection.
std::string read_until_closed(int fd, std::chrono::milliseconds timeout) {
    std::string out;
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until && ::poll(&p, 1, 100) >= 0) {
        if (!(p.revents & (POLLIN | POLLHUP))) continue;
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

// ---- The Prometheus text format: every sample "name{labels} value", by its whole key. ----

struct Scrape {
    std::map<std::string, double> samples;  // `name{labels}` -> value
    std::string problems;                   // lines that do not parse, samples without # TYPE
    double operator[](const std::string& key) const {
        const auto it = samples.find(key);
        return it == samples.end() ? 0 : it->second;
    }
    /// The value of label `name` of the first sample of family `family`.
    std::string label(const std::string& family, const std::string& name) const {
        const std::regex re(name + "=\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (const auto& [key, value] : samples) {
            std::smatch m;
            if (key.rfind(family + "{", 0) == 0 && std::regex_search(key, m, re)) return m[1];
        }
        return "";
    }
};

Scrape parse_metrics(const std::string& text) {
    static const std::regex sample(
        R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+))");
    static const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram))");
    Scrape s;
    std::set<std::string> typed;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_match(line, m, type)) {
            typed.insert(m[1]);
            continue;
        }
        if (line.rfind("# HELP ", 0) == 0) continue;
        if (!std::regex_match(line, m, sample)) {
            s.problems += "unparsable: " + line + "\n";
            continue;
        }
        std::string family = m[1];
        for (const char* suffix : {"_bucket", "_sum", "_count"})
            if (!typed.count(family) && family.ends_with(suffix))
                family.resize(family.size() - std::strlen(suffix));
        if (!typed.count(family)) s.problems += "no # TYPE before: " + line + "\n";
        const std::string value = m[3];
        s.samples[std::string(m[1]) + std::string(m[2])] =
            value == "+Inf" ? INFINITY : std::stod(value);
    }
    return s;
}

Scrape scrape(const ServerProcess& server) {
    auto r = server.client().Get("/metrics");
    INFO("GET /metrics: " << httplib::to_string(r.error()));
    REQUIRE(r);
    INFO(r->body);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
    Scrape s = parse_metrics(r->body);
    CHECK(s.problems == "");
    return s;
}

std::string requests(const std::string& endpoint, int status) {
    return "plan_search_http_requests_total{endpoint=\"" + endpoint + "\",status=\"" +
           std::to_string(status) + "\"}";
}

std::string latency(const std::string& endpoint, const std::string& part) {
    return "plan_search_http_request_duration_seconds_" + part + "{endpoint=\"" + endpoint + "\"}";
}

// Polls until pred() holds; false after the timeout.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 15s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

}  // namespace

TEST_CASE("SIGTERM while a slow request is on its way: it completes, then the server exits 0",
          "[service]") {
    ServerProcess server(test::corpus_index(), {"--drain-seconds", "20"});
    server.wait_for_health(200);
    const int fd = connect_to(server.port());
    REQUIRE(fd >= 0);
    // A slow client: the request line now, its headers only after the signal.
    send_all(fd, "GET /api/search?q=" + encode("移住") + "&limit=3 HTTP/1.1\r\n");
    std::this_thread::sleep_for(500ms);
    server.send(SIGTERM);

    // No new connections, while the process waits for the request it is reading.
    CHECK(eventually([&] {
        const int other = connect_to(server.port());
        if (other >= 0) ::close(other);
        return other < 0;
    }));
    CHECK(server.running());

    send_all(fd, "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const std::string reply = read_until_closed(fd, 20s);
    ::close(fd);
    INFO(reply.substr(0, 300) << "\nlog:\n" << server.log());
    REQUIRE(reply.rfind("HTTP/1.1 200", 0) == 0);
    const json body = json::parse(reply.substr(reply.find("\r\n\r\n") + 4));
    CHECK(body["total"].get<int>() > 0);
    CHECK(body["results"].size() == 3);
    CHECK(server.wait_exit(20s) == 0);
    CHECK(server.log().find("SIGTERM: no new connections") != std::string::npos);
}

TEST_CASE("a request still running --drain-seconds after SIGTERM: the server exits 1 and says so",
          "[service]") {
    ServerProcess server(test::corpus_index(), {"--drain-seconds", "1"});
    server.wait_for_health(200);
    const int fd = connect_to(server.port());
    REQUIRE(fd >= 0);
    send_all(fd, "GET /healthz HTTP/1.1\r\n");  // and never the rest
    std::this_thread::sleep_for(500ms);
    const auto signalled = std::chrono::steady_clock::now();
    server.send(SIGTERM);
    const int status = server.wait_exit(20s);
    const auto took = std::chrono::steady_clock::now() - signalled;
    ::close(fd);
    INFO(server.log());
    CHECK(status == 1);
    CHECK(took < 4s);  // the deadline, not the 5 s read timeout of the HTTP library
    CHECK(server.log().find("after the signal (--drain-seconds): exiting") != std::string::npos);
}

TEST_CASE(
    "/readyz is up before the index exists; an index rebuilt under load swaps in without a "
    "failed request and moves the revision metric; SIGHUP reloads",
    "[service]") {
    const fs::path dir = test::scratch("service-swap");
    const size_t large = test::write_corpus_jsonl(dir / "large.jsonl", 16);
    const size_t small = test::write_corpus_jsonl(dir / "small.jsonl", 10);
    const std::string index = (dir / "index").string();
    auto build = [&](const std::string& jsonl) {
        auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --jsonl '" +
                           (dir / jsonl).string() + "' --index '" + index + "'");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    };
    ServerProcess server(index);

    // Up, without an index: 503 with status "up".
    const Reply up = get(server, "/readyz");
    CHECK(up.status == 503);
    CHECK(up.body["error"] == "index_unavailable");
    CHECK(up.headers.count("Retry-After") == 1);
    CHECK(up.body["status"] == "up");
    CHECK(up.body["index_loaded"] == false);
    CHECK(openapi().errors(openapi().schema("NotReady"), up.body) == "");
    CHECK(scrape(server)["plan_search_index_loaded"] == 0);

    build("large.jsonl");
    Reply ready;
    CHECK(eventually([&] { return (ready = get(server, "/readyz")).status == 200; }));
    CHECK(ready.body["status"] == "ready");
    CHECK(ready.body["records"] == large);
    CHECK(openapi().errors(openapi().schema("Ready"), ready.body) == "");
    const Scrape first = scrape(server);
    const std::string first_revision = first.label("plan_search_index_info", "revision");
    CHECK(first_revision == ready.body["revision"]);
    CHECK(first["plan_search_index_records"] == large);

    // Load: 4 clients search without pause while the index is rebuilt and swapped.
    std::atomic<bool> done{false};
    std::atomic<int> answered{0};
    std::mutex mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> clients;
    const std::vector<std::string> queries = {"移住", "子育て 支援", "地域 OR まちづくり", "事業"};
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&, t] {
            auto client = server.client();
            for (int i = 0; !done; ++i) {
                const std::string target =
                    "/api/search?limit=5&q=" + encode(queries[(t + i) % queries.size()]);
                auto r = client.Get(target);
                if (r && r->status == 200) {
                    ++answered;
                    continue;
                }
                std::lock_guard lock(mutex);
                failures.push_back(target + " -> " +
                                   (r ? std::to_string(r->status) + " " + r->body
                                      : httplib::to_string(r.error())));
            }
        });
    build("small.jsonl");
    Scrape after;
    CHECK(eventually([&] {
        after = scrape(server);
        return after.label("plan_search_index_info", "revision") != first_revision;
    }));
    std::this_thread::sleep_for(500ms);  // searches on the new generation too
    done = true;
    for (auto& c : clients) c.join();
    INFO((failures.empty() ? std::string() : failures.front())
         << " (" << failures.size() << " failures)");
    CHECK(failures.empty());
    CHECK(answered > 20);
    CHECK(after["plan_search_index_records"] == small);
    CHECK(after["plan_search_index_reloads_total"] >= 1);
    CHECK(after["plan_search_index_last_reload_timestamp_seconds"] >
          first["plan_search_index_last_reload_timestamp_seconds"]);

    // SIGHUP: reload now (systemctl reload); the server keeps serving.
    server.send(SIGHUP);
    CHECK(eventually([&] { return server.log().find("SIGHUP:") != std::string::npos; }));
    CHECK(server.running());
    CHECK(get(server, "/readyz").status == 200);
}

TEST_CASE("GET /metrics is Prometheus text whose counters move with the requests made",
          "[service]") {
    ServerProcess server(test::corpus_index());
    server.wait_for_health(200);
    const Reply health = get(server, "/healthz");
    const Scrape before = scrape(server);
    for (int i = 0; i < 3; ++i) CHECK(get(server, "/api/search?q=" + encode("移住")).status == 200);
    CHECK(get(server, "/api/search?limit=many").status == 400);
    CHECK(get(server, "/healthz").status == 200);
    CHECK(get(server, "/api/no-such-thing").status == 404);
    const Scrape after = scrape(server);

    CHECK(after[requests("search", 200)] - before[requests("search", 200)] == 3);
    CHECK(after[requests("search", 400)] - before[requests("search", 400)] == 1);
    CHECK(after[requests("healthz", 200)] - before[requests("healthz", 200)] == 1);
    CHECK(after[requests("other", 404)] - before[requests("other", 404)] == 1);
    CHECK(after[requests("metrics", 200)] - before[requests("metrics", 200)] == 1);
    CHECK(after[latency("search", "count")] - before[latency("search", "count")] == 4);
    CHECK(after[latency("search", "sum")] > before[latency("search", "sum")]);
    // Buckets are cumulative: non-decreasing, the last (+Inf) equal to the count.
    double previous = 0;
    for (const double le : ServerMetrics::kBuckets) {
        char bound[32];
        std::snprintf(bound, sizeof bound, "%.15g", le);
        const double n = after
            ["plan_search_http_request_duration_seconds_bucket{endpoint=\"search\","
             "le=\"" +
             std::string(bound) + "\"}"];
        CHECK(n >= previous);
        previous = n;
    }
    CHECK(
        after
            ["plan_search_http_request_duration_seconds_bucket{endpoint=\"search\",le=\"+Inf\"}"] ==
        after[latency("search", "count")]);
    CHECK(after["plan_search_http_requests_in_flight"] == 1);  // the scrape itself
    CHECK(after["plan_search_index_loaded"] == 1);
    CHECK(after["plan_search_index_records"] == health.body["records"].get<double>());
    CHECK(after.label("plan_search_index_info", "revision") == health.body["revision"]);
    CHECK(after["plan_search_time_budget_exceeded_total{endpoint=\"search\"}"] == 0);

    // Over the time budget: counted apart, and as a 503.
    ServerProcess slow(test::corpus_index(), {"--time-budget-ms", "0.001"});
    slow.wait_for_health(200);
    CHECK(get(slow, "/api/search?q=" + encode("移住")).status == 503);
    const Scrape budget = scrape(slow);
    CHECK(budget["plan_search_time_budget_exceeded_total{endpoint=\"search\"}"] == 1);
    CHECK(budget[requests("search", 503)] == 1);
}

TEST_CASE(
    "settings come from PLAN_SEARCH_* variables, options win; --log-format json logs one "
    "object per request without the query",
    "[service]") {
    ServerProcess server(test::corpus_index(), {},
                         {"PLAN_SEARCH_LOG_FORMAT=json", "PLAN_SEARCH_TIME_BUDGET_MS=0.001"});
    server.wait_for_health(200);
    CHECK(get(server, "/api/search?q=" + encode("移住")).status == 503);  // the budget applies
    json line;
    CHECK(eventually([&] {
        std::istringstream log(server.log());
        std::string text;
        while (std::getline(log, text))
            if (text.starts_with("{") && (line = json::parse(text))["path"] == "/api/search")
                return true;
        return false;
    }));
    INFO(server.log());
    CHECK(line["method"] == "GET");
    CHECK(line["status"] == 503);
    CHECK(line["endpoint"] == "search");
    CHECK(line["remote"] == "127.0.0.1");
    CHECK(line["ms"].is_number());
    CHECK(std::regex_match(line["time"].get<std::string>(),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
    CHECK(server.log().find("移住") == std::string::npos);
    CHECK(server.log().find("q=") == std::string::npos);

    ServerProcess options_win(test::corpus_index(),
                              {"--log-format", "text", "--time-budget-ms", "5000"},
                              {"PLAN_SEARCH_LOG_FORMAT=json", "PLAN_SEARCH_TIME_BUDGET_MS=0.001"});
    options_win.wait_for_health(200);
    CHECK(get(options_win, "/api/search?q=" + encode("移住")).status == 200);
    CHECK(eventually([&] {
        return options_win.log().find("plan-search serve: 127.0.0.1 GET /api/search 200 ") !=
               std::string::npos;
    }));
}

TEST_CASE("a bad PLAN_SEARCH_* value is refused with exit status 2, naming the variable",
          "[service]") {
    {
        for (const auto& [env, option] : std::vector<std::pair<std::string, std::string>>{
                 {"PLAN_SEARCH_PORT=http", "--port"},
                 {"PLAN_SEARCH_LOG_FORMAT=xml", "--log-format"},
                 {"PLAN_SEARCH_DRAIN_SECONDS=-1", "--drain-seconds"}}) {
            const auto r = test::run(env + " " + PLAN_SEARCH_BIN + " serve --index /nonexistent");
            INFO(env << ": " << r.err);
            CHECK(r.exit_code == 2);
            CHECK(r.err.find(env.substr(0, env.find('='))) != std::string::npos);
            CHECK(r.err.find(option) != std::string::npos);
        }
    }
    // The variables are the server's: other commands ignore them.
    const auto query = test::run("PLAN_SEARCH_PORT=http " + std::string(PLAN_SEARCH_BIN) +
                                 " query --index '" + test::corpus_index() + "' --json 移住");
    INFO(query.err);
    CHECK(query.exit_code == 0);
}
