/** @file http_test_support.h
 *  @brief Tests of the HTTP API against a real `plan-search serve` child process: the process
 *  (ServerProcess, corpus_server()), GET with the JSON body parsed (get → Reply), query encoding,
 *  and the error-shape check against the OpenAPI document (is_error).
 */
#pragma once

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_support.h"

namespace plan::http_test {

using nlohmann::json;
using namespace std::chrono_literals;

// A `plan-search serve --port 0` child process; it prints the port it got on stdout. env: extra
// NAME=value variables for the child (settings the way the systemd unit passes them).
class ServerProcess {
  public:
    ServerProcess(const std::string& index, const std::vector<std::string>& extra = {},
                  const std::vector<std::string>& env = {}) {
        static int servers = 0;
        log_path_ =
            plan::test::scratch("http-log-" + std::to_string(++servers)).string() + "/access.log";
        int out[2];
        REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            ::dup2(log, STDERR_FILENO);
            ::close(out[0]);
            for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
            std::vector<std::string> args = {PLAN_SEARCH_BIN, "serve", "--index",   index,
                                             "--port",        "0",     "--threads", "4"};
            args.insert(args.end(), extra.begin(), extra.end());
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        // "plan-search serve: listening on http://HOST:PORT/ ..." (slow under ASan).
        std::string line;
        char c;
        pollfd p{out[0], POLLIN, 0};
        while (line.find('\n') == std::string::npos && ::poll(&p, 1, 60000) > 0 &&
               ::read(out[0], &c, 1) == 1)
            line += c;
        ::close(out[0]);
        const auto host = line.find("http://");
        const auto at = host == std::string::npos ? host : line.find(':', host + 7);
        INFO("server said: " << line << " / log: " << log());
        REQUIRE(at != std::string::npos);
        port_ = std::stoi(line.substr(at + 1));
    }
    ~ServerProcess() { stop(); }
    /// SIGTERM, then the exit status (0 after a clean shutdown; sanitizer reports make it
    /// non-zero).
    int stop() {
        if (pid_ < 0) return exit_status_;
        send(SIGTERM);
        return wait_exit(20s);
    }
    void send(int sig) const {
        if (pid_ > 0) ::kill(pid_, sig);
    }
    /// True while the process has not exited.
    bool running() {
        if (pid_ < 0) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == 0) return true;
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    /// The exit status once the process has exited; SIGKILL (status 137) after the timeout.
    int wait_exit(std::chrono::milliseconds timeout) {
        const auto until = std::chrono::steady_clock::now() + timeout;
        while (running() && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(20ms);
        if (running()) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
            exit_status_ = 137;
        }
        return exit_status_;
    }
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(30);
        return c;
    }
    int port() const { return port_; }
    std::string log() const {
        std::ifstream f(log_path_);
        std::stringstream s;
        s << f.rdbuf();
        return s.str();
    }
    /// Polls /healthz until it answers with this status.
    void wait_for_health(int status, std::chrono::seconds timeout = 60s) const {
        auto c = client();
        const auto until = std::chrono::steady_clock::now() + timeout;
        int last = -1;
        while (std::chrono::steady_clock::now() < until) {
            if (auto r = c.Get("/healthz"); r && (last = r->status) == status) return;
            std::this_thread::sleep_for(100ms);
        }
        FAIL("/healthz did not answer " << status << " (last: " << last << ")");
    }

  private:
    pid_t pid_ = -1;
    int exit_status_ = -1;
    int port_ = 0;
    std::string log_path_;
};

// The server over the corpus index, shared by the tests of one process.
inline ServerProcess& corpus_server() {
    static ServerProcess server(plan::test::corpus_index());
    static bool ready = (server.wait_for_health(200), true);
    (void)ready;
    return server;
}

struct Reply {
    int status = 0;
    json body;
    httplib::Headers headers;
};

inline Reply get(const ServerProcess& s, const std::string& target,
                 const httplib::Headers& headers = {}) {
    auto r = s.client().Get(target, headers);
    REQUIRE(r);
    Reply out{r->status, json(), r->headers};
    INFO(target << " -> " << r->status << " " << r->body.substr(0, 300));
    REQUIRE(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
    out.body = json::parse(r->body);
    return out;
}

inline std::string encode(const std::string& s) { return httplib::detail::encode_query_param(s); }

// ---- A validator for the subset of JSON Schema the OpenAPI document uses: $ref, type,
// required, properties, additionalProperties, items, enum. ----
class SchemaValidator {
  public:
    explicit SchemaValidator(json doc) : doc_(std::move(doc)) {}

    const json& schema(const std::string& name) const {
        return doc_["components"]["schemas"][name];
    }

    /// Everything wrong with value, one line each ("" when it conforms).
    std::string errors(const json& s, const json& value, const std::string& at = "$") const {
        std::string out;
        check(s, value, at, out);
        return out;
    }

    /// The schema an operation declares for a status.
    const json& response_schema(const std::string& path, int status) const {
        return doc_["paths"][path]["get"]["responses"][std::to_string(status)]["content"]
                   ["application/json"]["schema"];
    }

  private:
    json doc_;

    static bool has_type(const json& v, const std::string& t) {
        if (t == "object") return v.is_object();
        if (t == "array") return v.is_array();
        if (t == "string") return v.is_string();
        if (t == "integer") return v.is_number_integer();
        if (t == "number") return v.is_number();
        if (t == "boolean") return v.is_boolean();
        if (t == "null") return v.is_null();
        return false;
    }

    void check(const json& schema_in, const json& v, const std::string& at,
               std::string& out) const {
        const json* s = &schema_in;
        if (s->contains("$ref")) {
            const std::string ref = (*s)["$ref"];
            REQUIRE(ref.rfind("#/components/schemas/", 0) == 0);
            s = &doc_["components"]["schemas"][ref.substr(21)];
            REQUIRE(s->is_object());
        }
        if (s->contains("type")) {
            const json& t = (*s)["type"];
            bool ok = false;
            for (const auto& one : t.is_array() ? t : json::array({t}))
                ok = ok || has_type(v, one.get<std::string>());
            if (!ok) {
                out += at + ": expected " + t.dump() + ", got " + v.dump().substr(0, 80) + "\n";
                return;
            }
        }
        if (s->contains("enum") &&
            std::find((*s)["enum"].begin(), (*s)["enum"].end(), v) == (*s)["enum"].end())
            out += at + ": " + v.dump() + " is not one of " + (*s)["enum"].dump() + "\n";
        if (v.is_object()) {
            for (const auto& r : s->value("required", json::array()))
                if (!v.contains(r.get<std::string>()))
                    out += at + ": missing required '" + r.get<std::string>() + "'\n";
            const json props = s->value("properties", json::object());
            for (const auto& [k, item] : v.items()) {
                if (props.contains(k))
                    check(props[k], item, at + "." + k, out);
                else if (s->contains("additionalProperties") &&
                         (*s)["additionalProperties"].is_object())
                    check((*s)["additionalProperties"], item, at + "." + k, out);
                else if (s->contains("additionalProperties") &&
                         (*s)["additionalProperties"] == false)
                    out += at + ": property '" + k + "' is not in the OpenAPI document\n";
            }
        }
        if (v.is_array() && s->contains("items"))
            for (size_t i = 0; i < v.size(); ++i)
                check((*s)["items"], v[i], at + "[" + std::to_string(i) + "]", out);
    }
};

inline const SchemaValidator& openapi() {
    static SchemaValidator v = [] {
        auto r = get(corpus_server(), "/api/openapi.json");
        REQUIRE(r.status == 200);
        REQUIRE(r.body["openapi"].get<std::string>().rfind("3.", 0) == 0);
        return SchemaValidator(r.body);
    }();
    return v;
}

// The error shape {error, detail, parameter} with this status, code and parameter.
inline void is_error(const Reply& r, int status, const std::string& code, const json& parameter) {
    INFO(r.body.dump());
    CHECK(r.status == status);
    CHECK(r.body["error"] == code);
    CHECK(r.body["parameter"] == parameter);
    CHECK(r.body["detail"].get<std::string>().size() > 5);
    CHECK(openapi().errors(openapi().schema("Error"), r.body) == "");
}

}  // namespace plan::http_test
