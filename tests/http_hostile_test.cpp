// Hostile requests against a real `plan-search serve` process: oversized and malformed input,
// path traversal, huge queries, deep paging, markup, methods that write, the listening address.
// Every answer is a JSON error (or a 200) that arrives within the server's time budget.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "http/api_request.h"
#include "http_test_support.h"

using namespace plan::http_test;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// The server's default --time-budget-ms, plus the round trip: a hostile request is answered at
// least as fast as a search may take. The sanitizer test build (Debug, ASan) is several times
// slower.
constexpr auto kBudget = 2000ms;
constexpr auto kDeadline = kBudget + (kSanitized ? 3000ms : 1000ms);

// GET, and the answer must come within kDeadline.
Reply timed_get(const ServerProcess& s, const std::string& target) {
    const auto start = std::chrono::steady_clock::now();
    Reply r = get(s, target);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    INFO(target.substr(0, 120) << " took " << ms.count() << " ms");
    CHECK(ms <= kDeadline);
    return r;
}

std::string header(const Reply& r, const std::string& name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? std::string() : it->second;
}

// "a b c … " with n single-letter words (never the operator OR).
std::string words(size_t n, const std::string& join = " ") {
    std::string q;
    for (size_t i = 0; i < n; ++i) q += (i ? join : "") + std::string(1, char('a' + i % 26));
    return q;
}

}  // namespace

TEST_CASE("a 1 MB query answers 414 at once and the server stays healthy", "[http][hostile]") {
    auto& s = corpus_server();
    auto r = timed_get(s, "/api/search?q=" + std::string(1 << 20, 'a'));
    is_error(r, 414, "uri_too_long", nullptr);
    CHECK(timed_get(s, "/healthz").status == 200);
    CHECK(timed_get(s, "/api/search?q=" + encode("移住") + "&limit=1").body["total"] > 0);
}

TEST_CASE("control characters answer 400 invalid_utf8 naming the parameter, no header is injected",
          "[http][hostile][utf8]") {
    auto& s = corpus_server();
    is_error(timed_get(s, "/api/search?q=a%01b"), 400, "invalid_utf8", "q");
    is_error(timed_get(s, "/api/search?q=%1B%5B31m"), 400, "invalid_utf8", "q");  // ESC [31m
    is_error(timed_get(s, "/api/search?city=%7F"), 400, "invalid_utf8", "city");
    is_error(timed_get(s, "/api/projects/x/related?limit=1%0D"), 400, "invalid_utf8", "limit");
    // Endpoints without parameters check the names too before quoting one in the answer.
    is_error(timed_get(s, "/healthz?%FE%FF=1"), 400, "invalid_utf8", nullptr);
    is_error(timed_get(s, "/api/facets?%1B=1"), 400, "invalid_utf8", nullptr);
    // CR LF in a value, a parameter name and the path: rejected, never written into the answer.
    const std::string injected = "%0D%0AX-Injected:%201%0D%0ASet-Cookie:%20session%3D1";
    for (const auto& [target, parameter] :
         {std::pair<std::string, json>{"/api/search?dept=a" + injected, "dept"},
          {"/api/search?q=" + encode("移住") + injected, "q"},
          {"/api/search?a" + injected + "=1", nullptr},
          {"/api/projects/x" + injected, "id"}}) {
        CAPTURE(target);
        auto r = timed_get(s, target);
        is_error(r, 400, "invalid_utf8", parameter);
        CHECK(r.headers.count("X-Injected") == 0);
        CHECK(r.headers.count("Set-Cookie") == 0);
    }
}

TEST_CASE("offsets and limits that are not plain numbers in range answer 400 bad_parameter",
          "[http][hostile]") {
    auto& s = corpus_server();
    for (const auto& [query, parameter] :
         {std::pair<std::string, std::string>{"offset=18446744073709551616", "offset"},  // 2^64
          {"offset=1e2", "offset"},
          {"offset=0x10", "offset"},
          {"limit=-0", "limit"},
          {"limit=%205", "limit"},  // " 5"
          {"limit=5%20", "limit"},
          {"limit=%2B5", "limit"},  // "+5"
          {"limit=", "limit"}}) {
        CAPTURE(query);
        is_error(timed_get(s, "/api/search?q=" + encode("支援") + "&" + query), 400,
                 "bad_parameter", parameter);
    }
    is_error(timed_get(s, "/api/projects/x/related?offset=18446744073709551616"), 400,
             "bad_parameter", "offset");
}

TEST_CASE("a parameter with an empty name or without a value answers 400", "[http][hostile]") {
    auto& s = corpus_server();
    // The HTTP library reads "=x" as a parameter named "x" with an empty value.
    is_error(timed_get(s, "/api/search?q=a&=x"), 400, "unknown_parameter", "x");
    is_error(timed_get(s, "/api/search?q=a&colour"), 400, "unknown_parameter", "colour");
    is_error(timed_get(s, "/api/search?q=a&offset"), 400, "bad_parameter", "offset");
    is_error(timed_get(s, "/healthz?verbose"), 400, "unknown_parameter", "verbose");
    is_error(timed_get(s, "/readyz?verbose"), 400, "unknown_parameter", "verbose");
    is_error(timed_get(s, "/metrics?verbose"), 400, "unknown_parameter", "verbose");
}

TEST_CASE("paths with .. answer 404 JSON and never read a file", "[http][hostile]") {
    auto& s = corpus_server();
    for (const std::string target :
         {"/api/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/projects/..%2F..%2Fetc%2Fpasswd",
          "/app.js/../../etc/passwd", "/../../../../etc/passwd", "/api/projects/../../etc/passwd",
          "/style.css%2F..%2F..%2Fetc%2Fpasswd", "/api/projects/x/related/../../../etc/passwd"}) {
        CAPTURE(target);
        auto r = s.client().Get(target);
        REQUIRE(r);
        CHECK(r->status == 404);  // no route matches the decoded path
        CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
        CHECK(json::parse(r->body)["error"] == "not_found");
        CHECK(r->body.find("root:") == std::string::npos);
    }
    // ".." as a project id is an id like any other: no such project.
    is_error(timed_get(s, "/api/projects/%2E%2E"), 404, "not_found", "id");
}

TEST_CASE("a query of more terms than the limit answers 400 too_many_terms at once",
          "[http][hostile][limits]") {
    auto& s = corpus_server();
    const size_t max = plan::ApiLimits::kMaxQueryTerms;
    // 1,000 terms: 1,999 characters, within the length limit; refused by its terms.
    const std::string thousand = words(1000);
    REQUIRE(thousand.size() <= plan::ApiLimits::kMaxQueryChars);
    auto r = timed_get(s, "/api/search?q=" + encode(thousand));
    is_error(r, 400, "too_many_terms", "q");
    CHECK_THAT(r.body["detail"].get<std::string>(),
               Catch::Contains("1000 terms") && Catch::Contains(std::to_string(max)));
    // OR alternatives and field:value filters count too.
    is_error(timed_get(s, "/api/search?q=" + encode(words(max + 1, " OR "))), 400, "too_many_terms",
             "q");
    is_error(timed_get(s, "/api/search?q=" + encode(words(max, " ") + " city:" + "金沢市")), 400,
             "too_many_terms", "q");
    // Exactly the limit is a search like any other.
    auto most = timed_get(s, "/api/search?q=" + encode(words(max)));
    CHECK(most.status == 200);
    // 10,000 ORs (about 50 KB) exceed the URI limit before any parsing.
    const std::string ors = words(10001, " OR ");
    REQUIRE(ors.size() > 50000);
    is_error(timed_get(s, "/api/search?q=" + encode(ors)), 414, "uri_too_long", nullptr);
    CHECK(timed_get(s, "/healthz").status == 200);
}

TEST_CASE("paging to the deepest offset answers 200 with the total and no more hits",
          "[http][hostile][limits]") {
    auto& s = corpus_server();
    const std::string q = "/api/search?q=" + encode("支援");
    const size_t total = timed_get(s, q + "&limit=0").body["total"];
    REQUIRE(total > 100);
    REQUIRE(total < plan::ApiLimits::kMaxOffset);  // the corpus is smaller than the deepest page
    auto deepest = timed_get(s, q + "&offset=10000&limit=100");
    REQUIRE(deepest.status == 200);
    CHECK(deepest.body["total"] == total);
    CHECK(deepest.body["results"].empty());
    auto last = timed_get(s, q + "&offset=" + std::to_string(total - 1) + "&limit=100");
    REQUIRE(last.status == 200);
    REQUIRE(last.body["results"].size() == 1);
    CHECK(last.body["results"][0]["rank"] == total);
    is_error(timed_get(s, q + "&offset=10001&limit=100"), 400, "bad_parameter", "offset");
}

TEST_CASE("markup in queries and filters comes back only as JSON text, snippets only with <mark>",
          "[http][hostile][xss]") {
    auto& s = corpus_server();
    auto only_mark = [](std::string snippet) {
        for (const char* tag : {"<mark>", "</mark>"})
            for (size_t p; (p = snippet.find(tag)) != std::string::npos;)
                snippet.erase(p, std::strlen(tag));
        return snippet.find_first_of("<>") == std::string::npos;
    };
    for (const std::string attack :
         {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</mark><script>"}) {
        CAPTURE(attack);
        for (const std::string& query : {"q=" + encode(attack + " 子育て"),
                                         "q=" + encode("子育て") + "&city=" + encode(attack),
                                         "q=" + encode("子育て") + "&dept=" + encode(attack)}) {
            auto r = timed_get(s, "/api/search?" + query);
            CHECK(header(r, "X-Content-Type-Options") == "nosniff");
            if (r.status == 400) {  // the quote of the second attack opens an unclosed phrase
                is_error(r, 400, "bad_query", "q");
                continue;
            }
            REQUIRE(r.status == 200);
            if (query.rfind("q=" + encode(attack), 0) == 0)
                CHECK(r.body["query"] == attack + " 子育て");
            for (const auto& h : r.body["results"]) CHECK(only_mark(h["snippet"]));
            // A filter value is matched as it is: no record has such a city or department.
            if (query.find("&") != std::string::npos) CHECK(r.body["total"] == 0);
        }
        // An error that quotes the value carries it as JSON string data, in a JSON response.
        auto e = timed_get(s, "/api/search?sort=" + encode(attack));
        is_error(e, 400, "bad_parameter", "sort");
        CHECK_THAT(e.body["detail"].get<std::string>(), Catch::Contains(attack));
        CHECK(header(e, "X-Content-Type-Options") == "nosniff");
    }
}

TEST_CASE("methods that write answer 405 on every path", "[http][hostile]") {
    auto c = corpus_server().client();
    for (const std::string path :
         {"/api/search", "/api/projects/kagoshima-2020-jisshi-116",
          "/api/projects/kagoshima-2020-jisshi-116/related", "/api/facets", "/healthz", "/readyz",
          "/metrics", "/", "/app.js", "/api/../etc/passwd", "/no-such-path"}) {
        CAPTURE(path);
        std::vector<httplib::Result> answers;
        answers.push_back(c.Post(path, "x", "text/plain"));
        answers.push_back(c.Put(path, "x", "text/plain"));
        answers.push_back(c.Patch(path, "x", "text/plain"));
        answers.push_back(c.Delete(path));
        for (const auto& r : answers) {
            REQUIRE(r);
            CHECK(r->status == 405);
            CHECK(json::parse(r->body)["error"] == "method_not_allowed");
            CHECK(r->get_header_value("Allow") == "GET, HEAD, OPTIONS");
        }
    }
    // Nothing changed: the record is still there.
    CHECK(timed_get(corpus_server(), "/api/projects/kagoshima-2020-jisshi-116").status == 200);
}

namespace {

// Local addresses (hex, as in /proc/net/tcp: 0100007F = 127.0.0.1) listening on this port.
std::vector<std::string> listening_addresses(int port) {
    char hex_port[8];
    std::snprintf(hex_port, sizeof hex_port, "%04X", port);
    std::vector<std::string> out;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        std::ifstream in(table);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string slot, local, remote, state;
            fields >> slot >> local >> remote >> state;
            const auto colon = local.rfind(':');
            if (state == "0A" && local.substr(colon + 1) == hex_port)  // 0A: LISTEN
                out.push_back(local.substr(0, colon));
        }
    }
    return out;
}

}  // namespace

TEST_CASE("the server listens on loopback only unless --host says otherwise", "[http][hostile]") {
    REQUIRE(std::ifstream("/proc/net/tcp").good());
    CHECK(listening_addresses(corpus_server().port()) == std::vector<std::string>{"0100007F"});

    ServerProcess any(plan::test::corpus_index(), {"--host", "0.0.0.0"});
    any.wait_for_health(200);
    CHECK(listening_addresses(any.port()) == std::vector<std::string>{"00000000"});
}

TEST_CASE("a search stops at its time limit instead of answering with partial counts",
          "[search][limits]") {
    auto& searcher = plan::test::corpus_searcher();
    plan::SearchRequest request;
    request.query = "子育て 支援";
    const auto unlimited = searcher.search(request);
    REQUIRE(unlimited.total > 0);
    // A generous limit changes nothing.
    request.time_limit_ms = 60000;
    const auto limited = searcher.search(request);
    CHECK(limited.total == unlimited.total);
    CHECK(plan::test::result_names(limited) == plan::test::result_names(unlimited));
    // A limit the match cannot keep: no answer rather than a partial one.
    request.time_limit_ms = 0.001;
    CHECK_THROWS_AS(searcher.search(request), plan::SearchTimeLimit);
}
