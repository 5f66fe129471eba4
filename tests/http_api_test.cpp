// The HTTP API, against a real `plan-search serve` process on loopback: responses, every error
// case, the OpenAPI document (real responses are validated against it), index reloads.
#include <atomic>
#include <set>

#include "corpus/manifest.h"
#include "facet_table.h"
#include "http/api_request.h"
#include "http_test_support.h"

using namespace plan::http_test;

namespace {

// Checks status and body against what the OpenAPI document declares for this path and status.
void conforms(const std::string& path, const Reply& r) {
    const json& s = openapi().response_schema(path, r.status);
    INFO(path << " " << r.status);
    REQUIRE(s.is_object());
    CHECK(openapi().errors(s, r.body) == "");
}

json without_timing(json j) {
    j.erase("elapsed_ms");
    return j;
}

}  // namespace

TEST_CASE("GET /api/search prints the same JSON as plan-search query --json", "[http]") {
    for (const std::string& args :
         {std::string("移住"), std::string("\"子育て 支援\" --limit 5 --offset 2"),
          std::string("デジタル --city 鹿児島市 --flag 新 --sort name"),
          std::string("\"移住 支援\" --group-by city --per-group 2")}) {
        CAPTURE(args);
        auto cli = plan::test::run(std::string(PLAN_SEARCH_BIN) + " query --index " +
                                   plan::test::corpus_index() + " --json " + args);
        REQUIRE(cli.exit_code == 0);
        std::string target;
        if (args == "移住")
            target = "/api/search?q=" + encode("移住");
        else if (args.find("--limit 5") != std::string::npos)
            target = "/api/search?q=" + encode("子育て 支援") + "&limit=5&offset=2";
        else if (args.find("--city") != std::string::npos)
            target = "/api/search?q=" + encode("デジタル") + "&city=" + encode("鹿児島市") +
                     "&flag=" + encode("新") + "&sort=name";
        else
            target = "/api/search?q=" + encode("移住 支援") + "&group_by=city&per_group=2";
        auto http = get(corpus_server(), target);
        REQUIRE(http.status == 200);
        CHECK(without_timing(http.body) == without_timing(json::parse(cli.out)));
        conforms("/api/search", http);
    }
}

TEST_CASE(
    "search results, records, related lists, facets and health validate against the OpenAPI "
    "document",
    "[http][openapi]") {
    auto& s = corpus_server();
    for (const std::string& target :
         {"/api/search?q=" + encode("子育て"), std::string("/api/search"),
          std::string("/api/search?limit=0&facets=false"),
          "/api/search?q=" + encode("移住 OR 定住") + "&group_by=city&per_group=3",
          "/api/search?q=" + encode("施策") + "&city=" + encode("須坂市") + "&limit=100"}) {
        CAPTURE(target);
        auto r = get(s, target);
        REQUIRE(r.status == 200);
        conforms("/api/search", r);
    }
    auto first = get(s, "/api/search?q=" + encode("子育て") + "&limit=1").body["results"][0];
    const std::string id = first["id"];
    auto project = get(s, "/api/projects/" + encode(id));
    REQUIRE(project.status == 200);
    conforms("/api/projects/{id}", project);
    auto related = get(s, "/api/projects/" + encode(id) + "/related?limit=5");
    REQUIRE(related.status == 200);
    conforms("/api/projects/{id}/related", related);
    auto facets = get(s, "/api/facets");
    REQUIRE(facets.status == 200);
    conforms("/api/facets", facets);
    auto health = get(s, "/healthz");
    REQUIRE(health.status == 200);
    conforms("/healthz", health);
}

TEST_CASE("the validator rejects responses that differ from the OpenAPI document",
          "[http][openapi]") {
    const auto& v = openapi();
    json hit = get(corpus_server(), "/api/search?q=" + encode("移住") + "&limit=1").body;
    REQUIRE(v.errors(v.schema("SearchResponse"), hit) == "");
    json renamed = hit;
    renamed["results"][0]["title"] = renamed["results"][0]["name"];
    renamed["results"][0].erase("name");
    CHECK_THAT(v.errors(v.schema("SearchResponse"), renamed),
               Catch::Contains("missing required 'name'") &&
                   Catch::Contains("'title' is not in the OpenAPI"));
    json wrong_type = hit;
    wrong_type["total"] = "12";
    CHECK_THAT(v.errors(v.schema("SearchResponse"), wrong_type),
               Catch::Contains("$.total: expected \"integer\""));
    json bad_enum = hit;
    bad_enum["relaxation"] = "fuzzy";
    CHECK_THAT(v.errors(v.schema("SearchResponse"), bad_enum), Catch::Contains("is not one of"));
}

TEST_CASE("GET /api/projects/{id} returns the record the CLI shows", "[http]") {
    auto cli = plan::test::run(std::string(PLAN_SEARCH_BIN) + " show --json --index " +
                               plan::test::corpus_index() + " kagoshima-2020-jisshi-116");
    REQUIRE(cli.exit_code == 0);
    auto r = get(corpus_server(), "/api/projects/kagoshima-2020-jisshi-116");
    REQUIRE(r.status == 200);
    CHECK(r.body == json::parse(cli.out));
    CHECK(r.body["city"] == "鹿児島市");
    CHECK(r.body["source"]["line"] == 116);
}

TEST_CASE("repeated filter parameters are OR within a facet and AND across facets", "[http]") {
    auto& s = corpus_server();
    const std::string q = "q=" + encode("支援") + "&limit=0";
    auto all = get(s, "/api/search?" + q).body;
    std::map<std::string, size_t> per_city;
    for (const auto& v : all["facets"]["city"]) per_city[v["value"]] = v["count"];
    REQUIRE(per_city.size() >= 3);
    auto kagoshima = get(s, "/api/search?" + q + "&city=" + encode("鹿児島市")).body;
    auto two =
        get(s, "/api/search?" + q + "&city=" + encode("鹿児島市") + "&city=" + encode("金沢市"))
            .body;
    CHECK(kagoshima["total"] == per_city["鹿児島市"]);
    CHECK(two["total"] == per_city["鹿児島市"] + per_city["金沢市"]);
    // The department facet of the Kagoshima results, then AND with one department.
    const json dept = kagoshima["facets"]["department"][0];
    auto both = get(s, "/api/search?" + q + "&city=" + encode("鹿児島市") +
                           "&dept=" + encode(dept["value"]))
                    .body;
    CHECK(both["total"] == dept["count"]);
    auto spelled = get(s, "/api/search?" + q + "&city=" + encode("鹿児島市") +
                              "&department=" + encode(dept["value"]))
                       .body;
    CHECK(spelled["total"] == dept["count"]);
}

TEST_CASE("GET /api/facets counts every record of the index", "[http]") {
    auto r = get(corpus_server(), "/api/facets");
    REQUIRE(r.status == 200);
    size_t records = 0;
    for (const auto& v : r.body["facets"]["document"]) records += v["count"].get<size_t>();
    CHECK(records == r.body["total"].get<size_t>());
    CHECK(r.body["total"] == plan::test::corpus_searcher().record_count());
    std::set<std::string> cities;
    for (const auto& v : r.body["facets"]["city"]) cities.insert(v["value"]);
    CHECK(cities == std::set<std::string>{"鹿児島市", "須坂市", "金沢市", "大船渡市"});
}

TEST_CASE("facet_fields limits the facets of a search to those asked for", "[http]") {
    auto& s = corpus_server();
    auto all = get(s, "/api/search?q=" + encode("支援"));
    auto some = get(s, "/api/search?q=" + encode("支援") + "&facet_fields=department,flag");
    auto repeated = get(s, "/api/search?q=" + encode("支援") + "&facet_fields=department&facet_fields=flag");
    REQUIRE(some.status == 200);
    CHECK(some.body["facets"].size() == 2);
    CHECK(some.body["facets"]["department"] == all.body["facets"]["department"]);
    CHECK(some.body["facets"]["flag"] == all.body["facets"]["flag"]);
    CHECK(repeated.body["facets"] == some.body["facets"]);
    conforms("/api/search", some);
}

TEST_CASE("GET /healthz reports the index path, counts and revision", "[http]") {
    auto r = get(corpus_server(), "/healthz");
    REQUIRE(r.status == 200);
    CHECK(r.body["status"] == "ok");
    CHECK(r.body["index"] == plan::test::corpus_index());
    CHECK(r.body["records"] == plan::test::corpus_searcher().record_count());
    CHECK(r.body["documents"] == plan::load_manifest(PLAN_CORPUS_DIR).documents.size());
    CHECK(r.body["revision"] == plan::test::corpus_searcher().revision());
}

TEST_CASE("related projects of a Kagoshima project come from the other cities only",
          "[http][related]") {
    auto& s = corpus_server();
    auto hit =
        get(s, "/api/search?q=" + encode("移住") + "&city=" + encode("鹿児島市") + "&limit=1")
            .body["results"][0];
    auto r = get(s, "/api/projects/" + encode(hit["id"]) + "/related?limit=10");
    REQUIRE(r.status == 200);
    CHECK(r.body["source"]["id"] == hit["id"]);
    REQUIRE(r.body["results"].size() >= 3);
    std::set<std::string> cities;
    for (const auto& h : r.body["results"]) cities.insert(h["city"]);
    CHECK(cities.count("鹿児島市") == 0);
    CHECK(cities.size() >= 2);
    // The other cities' 移住 projects are related to a 移住 project.
    bool migration = false;
    for (const auto& h : r.body["results"])
        migration = migration || h["name"].get<std::string>().find("移住") != std::string::npos;
    CHECK(migration);
}

TEST_CASE("bad parameters answer 400 naming the parameter", "[http][errors]") {
    auto& s = corpus_server();
    is_error(get(s, "/api/search?q=a&offset=abc"), 400, "bad_parameter", "offset");
    is_error(get(s, "/api/search?offset=-1"), 400, "bad_parameter", "offset");
    is_error(get(s, "/api/search?offset=10001"), 400, "bad_parameter", "offset");
    is_error(get(s, "/api/search?limit=101"), 400, "bad_parameter", "limit");
    is_error(get(s, "/api/search?limit=1e3"), 400, "bad_parameter", "limit");
    is_error(get(s, "/api/search?limit=99999999999999999999999"), 400, "bad_parameter", "limit");
    is_error(get(s, "/api/search?sort=best"), 400, "bad_parameter", "sort");
    is_error(get(s, "/api/search?group_by=dept"), 400, "bad_parameter", "group_by");
    is_error(get(s, "/api/search?per_group=0&group_by=city"), 400, "bad_parameter", "per_group");
    is_error(get(s, "/api/search?facets=maybe"), 400, "bad_parameter", "facets");
    is_error(get(s, "/api/search?q=a&facet_fields=colour"), 400, "bad_parameter", "facet_fields");
    is_error(get(s, "/api/search?colour=red"), 400, "unknown_parameter", "colour");
    is_error(get(s, "/api/search?q=a&q=b"), 400, "repeated_parameter", "q");
    is_error(get(s, "/api/projects/x/related?limit=0"), 400, "bad_parameter", "limit");
    is_error(get(s, "/api/facets?city=x"), 400, "unknown_parameter", "city");
}

TEST_CASE("an unparseable query answers 400 bad_query with the position", "[http][errors]") {
    auto r = get(corpus_server(), "/api/search?q=" + encode("\"移住 支援"));
    is_error(r, 400, "bad_query", "q");
    CHECK_THAT(r.body["detail"].get<std::string>(), Catch::Contains("unterminated quote"));
    is_error(get(corpus_server(), "/api/search?q=" + encode("-city:金沢市 移住")), 400, "bad_query",
             "q");
}

TEST_CASE("invalid UTF-8 and control characters in parameters answer 400", "[http][errors][utf8]") {
    auto& s = corpus_server();
    is_error(get(s, "/api/search?q=%FF%FE"), 400, "invalid_utf8", "q");
    is_error(get(s, "/api/search?q=%E7%A7%BB%E4"), 400, "invalid_utf8",
             "q");                                                       // 移 and half a character
    is_error(get(s, "/api/search?q=%C0%AF"), 400, "invalid_utf8", "q");  // overlong "/"
    is_error(get(s, "/api/search?city=%ED%A0%80"), 400, "invalid_utf8",
             "city");  // a UTF-16 surrogate
    is_error(get(s, "/api/search?q=a%00b"), 400, "invalid_utf8", "q");
    is_error(get(s, "/api/projects/%FF"), 400, "invalid_utf8", "id");
    // Well-formed Japanese in every script and width is fine.
    CHECK(get(s, "/api/search?q=" + encode("ｲｼﾞｭｳ　こそだて 子育て")).status == 200);
}

TEST_CASE("unknown ids and paths answer 404 JSON", "[http][errors]") {
    auto& s = corpus_server();
    auto r = get(s, "/api/projects/no-such-project-1");
    is_error(r, 404, "not_found", "id");
    CHECK_THAT(r.body["detail"].get<std::string>(), Catch::Contains("no-such-project-1"));
    is_error(get(s, "/api/projects/no-such-project-1/related"), 404, "not_found", "id");
    is_error(get(s, "/api/nothing-here"), 404, "not_found", nullptr);
    is_error(get(s, "/api/projects/"), 404, "not_found", nullptr);
}

TEST_CASE("oversized input answers 414 or 413, a small GET body is ignored",
          "[http][errors][limits]") {
    auto& s = corpus_server();
    const size_t max = plan::ApiLimits::kMaxQueryChars;
    auto long_q = get(s, "/api/search?q=" + std::string(max + 1, 'a'));
    is_error(long_q, 414, "too_long", "q");
    CHECK_THAT(long_q.body["detail"].get<std::string>(),
               Catch::Contains(std::to_string(max + 1)) && Catch::Contains(std::to_string(max)));
    // The longest q passes the length check (a slow build may then exceed the time budget).
    auto longest = get(s, "/api/search?q=" + std::string(max, 'a'));
    CHECK((longest.status == 200 || longest.body["error"] == "time_budget_exceeded"));
    is_error(get(s, "/api/search?q=" + std::string(9000, 'a')), 414, "uri_too_long", nullptr);
    is_error(get(s, "/api/search?city=" + encode(std::string(201, 'x'))), 400, "too_long", "city");

    // A body on GET is ignored.
    httplib::Request req;
    req.method = "GET";
    req.path = "/api/search?q=" + encode("移住") + "&limit=1";
    req.body = "limit=50";
    req.set_header("Content-Type", "application/x-www-form-urlencoded");
    auto with_body = s.client().send(req);
    REQUIRE(with_body);
    CHECK(with_body->status == 200);
    CHECK(json::parse(with_body->body)["results"].size() == 1);
    // A body larger than the server reads at all answers 413 (before the 405 of a POST).
    auto too_big = s.client().Post("/api/search", std::string(100 * 1024, 'x'), "text/plain");
    REQUIRE(too_big);
    CHECK(too_big->status == 413);
    CHECK(json::parse(too_big->body)["error"] == "payload_too_large");
}

TEST_CASE("the API is read-only: other methods answer 405", "[http][errors]") {
    auto c = corpus_server().client();
    auto r = c.Post("/api/search", "q=移住", "application/x-www-form-urlencoded");
    REQUIRE(r);
    CHECK(r->status == 405);
    CHECK(json::parse(r->body)["error"] == "method_not_allowed");
    CHECK(r->get_header_value("Allow") == "GET, HEAD, OPTIONS");
}

TEST_CASE("snippets and echoed queries never carry markup other than <mark>", "[http][xss]") {
    const std::string attack = "<script>alert(1)</script> 子育て";
    auto r = get(corpus_server(), "/api/search?q=" + encode(attack));
    REQUIRE(r.status == 200);
    CHECK(r.body["query"] == attack);  // JSON string: the page inserts it as text
    REQUIRE(r.body["results"].size() > 0);
    for (const auto& h : r.body["results"]) {
        std::string snippet = h["snippet"];
        for (const char* tag : {"<mark>", "</mark>"})
            for (size_t p; (p = snippet.find(tag)) != std::string::npos;)
                snippet.erase(p, std::strlen(tag));
        CHECK(snippet.find('<') == std::string::npos);
        CHECK(snippet.find('>') == std::string::npos);
    }
}

TEST_CASE("the web page and its files are served from the binary with a strict content policy",
          "[http][web]") {
    auto c = corpus_server().client();
    auto page = c.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK_THAT(page->body, Catch::Contains("<html lang=\"ja\">") && Catch::Contains("/app.js"));
    CHECK_THAT(page->get_header_value("Content-Security-Policy"),
               Catch::Contains("script-src 'self'"));
    CHECK(page->body.find("http://") == std::string::npos);  // no CDN, no external font
    auto js = c.Get("/app.js");
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK_THAT(js->get_header_value("Content-Type"), Catch::StartsWith("text/javascript"));
    CHECK(js->body.find("innerHTML") == std::string::npos);
    auto facets = c.Get("/facets.js");  // the page's facet list, written from the facet table
    REQUIRE(facets);
    CHECK(facets->status == 200);
    CHECK_THAT(facets->get_header_value("Content-Type"), Catch::StartsWith("text/javascript"));
    CHECK(facets->body == plan::schema::web_facets_script());
    CHECK_THAT(page->body, Catch::Contains("/facets.js"));
    auto css = c.Get("/style.css");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->body.find("@import") == std::string::npos);
}

TEST_CASE("every request writes an access log line with method, path, status and ms",
          "[http][log]") {
    auto& s = corpus_server();
    get(s, "/api/search?q=" + encode("移住"));
    get(s, "/api/no-such-path");
    std::this_thread::sleep_for(200ms);
    const std::string log = s.log();
    CHECK_THAT(log, Catch::Matches("(.|\n)*GET /api/search 200 [0-9.]+ ms(.|\n)*"));
    CHECK_THAT(log, Catch::Matches("(.|\n)*GET /api/no-such-path 404 [0-9.]+ ms(.|\n)*"));
    CHECK(log.find("移住") == std::string::npos);  // queries stay out of the log
}

TEST_CASE("CORS headers are sent only for the configured origin", "[http][cors]") {
    auto plain = get(corpus_server(), "/healthz");
    CHECK(plain.headers.count("Access-Control-Allow-Origin") == 0);

    ServerProcess cors(plan::test::corpus_index(), {"--cors", "https://plans.example.org"});
    cors.wait_for_health(200);
    auto r = get(cors, "/api/search?q=" + encode("移住") + "&limit=1",
                 {{"Origin", "https://plans.example.org"}});
    CHECK(r.status == 200);
    CHECK(r.headers.find("Access-Control-Allow-Origin")->second == "https://plans.example.org");
    auto c = cors.client();
    auto pre = c.Options("/api/search", {{"Origin", "https://plans.example.org"},
                                         {"Access-Control-Request-Method", "GET"}});
    REQUIRE(pre);
    CHECK(pre->status == 204);
    CHECK_THAT(pre->get_header_value("Access-Control-Allow-Methods"), Catch::Contains("GET"));
    // An error also carries the header, so the browser lets the page read it.
    auto err = get(cors, "/api/search?limit=x");
    CHECK(err.status == 400);
    CHECK(err.headers.count("Access-Control-Allow-Origin") == 1);
}

TEST_CASE("a search or related lookup over its time budget answers 503", "[http][limits]") {
    ServerProcess slow(plan::test::corpus_index(), {"--time-budget-ms", "0.001"});
    slow.wait_for_health(200);
    auto r = get(slow, "/api/search?q=" + encode("子育て 支援"));
    is_error(r, 503, "time_budget_exceeded", nullptr);
    CHECK(r.headers.find("Retry-After")->second == "1");
    // Related projects run under the same budget.
    is_error(get(slow, "/api/projects/kanazawa-2020-yosan-485/related"), 503,
             "time_budget_exceeded", nullptr);
}

TEST_CASE(
    "without an index the server answers 503, then serves a built index and reloads a rebuild "
    "without "
    "failing a request",
    "[http][reload]") {
    const auto dir = plan::test::scratch("http-reload");
    const std::string index = (dir / "index").string();
    ServerProcess s(index);
    auto down = get(s, "/healthz");
    CHECK(down.status == 503);
    CHECK(down.body["status"] == "unavailable");
    CHECK(down.body["index"] == index);
    conforms("/healthz", down);
    is_error(get(s, "/api/search?q=" + encode("移住")), 503, "index_unavailable", nullptr);
    auto page = s.client().Get("/");  // the page itself needs no index
    REQUIRE(page);
    CHECK(page->status == 200);

    const std::string build =
        std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR + " --index " + index;
    auto first = plan::test::run(build);
    REQUIRE(first.exit_code == 0);
    s.wait_for_health(200, 30s);
    const std::string revision1 = get(s, "/healthz").body["revision"];
    const json before = without_timing(get(s, "/api/search?q=" + encode("移住")).body);

    // Query continuously while plan-index rebuilds into the same --index path.
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0};
    std::vector<std::string> failures;
    std::set<std::string> revisions;
    std::mutex m;
    std::thread load([&] {
        auto c = s.client();
        while (!stop) {
            auto r = c.Get("/api/search?q=" + encode("移住") + "&limit=3");
            auto h = c.Get("/healthz");
            std::lock_guard lock(m);
            if (!r || r->status != 200 || !h || h->status != 200) {
                failures.push_back(r ? std::to_string(r->status) + " " + r->body : "no response");
            } else {
                ++ok;
                revisions.insert(json::parse(h->body)["revision"].get<std::string>());
            }
        }
    });
    auto second = plan::test::run(build);
    // The server notices within about a second.
    std::string revision2 = revision1;
    for (int i = 0; i < 100 && revision2 == revision1; ++i) {
        std::this_thread::sleep_for(100ms);
        revision2 = get(s, "/healthz").body["revision"];
    }
    stop = true;
    load.join();
    REQUIRE(second.exit_code == 0);
    CHECK(revision2 != revision1);
    CHECK(failures.empty());
    CHECK(ok > 5);
    CHECK(revisions.count(revision1) == 1);  // the old generation answered during the rebuild
    // Same corpus, same answers from the new generation.
    CHECK(without_timing(get(s, "/api/search?q=" + encode("移住")).body) == before);
    // SIGTERM stops it cleanly (under ASan: no leak, no error report).
    CHECK(s.stop() == 0);
    CHECK_THAT(s.log(), !Catch::Contains("Sanitizer") && !Catch::Contains("runtime error") &&
                            Catch::Contains("plan-search serve: stopped"));
}

// A server whose connections shared the `--threads` search workers served the first clients'
// keep-alive connections and left the others waiting until one closed (seconds, or wrk's timeout).
TEST_CASE("keep-alive clients beyond --threads are all answered at once", "[http][concurrency]") {
    ServerProcess s(plan::test::corpus_index());  // --threads 4
    s.wait_for_health(200);
    std::vector<std::unique_ptr<httplib::Client>> clients;
    for (int i = 0; i < 8; ++i) {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", s.port());
        c->set_keep_alive(true);
        c->set_read_timeout(3);  // the old server held the 5th connection for its 5 s keep-alive
        clients.push_back(std::move(c));
    }
    for (int round = 0; round < 2; ++round)
        for (size_t i = 0; i < clients.size(); ++i) {
            const auto start = std::chrono::steady_clock::now();
            auto r = clients[i]->Get("/api/search?q=" + encode("移住") + "&limit=1");
            INFO("client " << i << ", round " << round);
            REQUIRE(r);
            CHECK(r->status == 200);
            CHECK(std::chrono::steady_clock::now() - start < 2s);
        }
}

// httplib writes headers and body apart: with Nagle's algorithm the body waited for the client's
// delayed ACK, 40 ms on every keep-alive response (a server capped near 25 requests/s per client).
TEST_CASE("keep-alive responses are not held back by delayed ACKs", "[http][latency]") {
    auto& s = corpus_server();
    httplib::Client c("127.0.0.1", s.port());
    c.set_keep_alive(true);
    REQUIRE(c.Get("/healthz"));
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i) {
        auto r = c.Get("/healthz");
        REQUIRE(r);
        REQUIRE(r->status == 200);
    }
    // 20 responses stalled 40 ms each would take 800 ms.
    CHECK(std::chrono::steady_clock::now() - start < 400ms);
}
