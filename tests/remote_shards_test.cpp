// Remote shards: a stub of "remote" entries served by Xapian's own xapian-tcpsrv searches like the
// local index (facets included); a shard that is down is a clear error naming it (exit status 4).
// The server is PLAN_XAPIAN_TCPSRV: the patched build's (cmake/xapian.cmake), so the matching done
// on the server side has the fix too; with -DPLAN_XAPIAN_PREFIX=system, xapian-tcpsrv from PATH.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "shard_equivalence.h"
#include "test_support.h"
#include "xapian_pruning.h"

#if !defined PLAN_XAPIAN_TCPSRV || !defined PLAN_XAPIAN_PATCHED
#error "PLAN_XAPIAN_TCPSRV and PLAN_XAPIAN_PATCHED come from tests/CMakeLists.txt"
#endif

using namespace plan;
namespace fs = std::filesystem;

namespace {

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    ::close(fd);
    return ntohs(a.sin_port);
}

bool accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

/// A real xapian-tcpsrv (PLAN_XAPIAN_TCPSRV) on 127.0.0.1 serving the given databases; in its own
/// process group, so stopping it also stops the children it forks per connection.
class TcpServer {
  public:
    explicit TcpServer(const std::vector<std::string>& databases) : port_(free_port()) {
        const std::string port = std::to_string(port_);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::setpgid(0, 0);
            int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            std::vector<const char*> argv = {PLAN_XAPIAN_TCPSRV, "--interface", "127.0.0.1",
                                             "--port", port.c_str()};
            for (const auto& d : databases) argv.push_back(d.c_str());
            argv.push_back(nullptr);
            ::execvp(argv[0], const_cast<char* const*>(argv.data()));
            ::_exit(127);
        }
        ::setpgid(pid_, pid_);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!accepts(port_) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        REQUIRE(accepts(port_));
    }
    ~TcpServer() { stop(); }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  private:
    int port_;
    pid_t pid_ = -1;
};

/// The corpus sharded by city (one shard per city) in a scratch folder; returns the generation folder.
fs::path city_shards(const std::string& name) {
    const fs::path dir = test::scratch(name);
    auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR +
                       " --index " + (dir / "index").string() + " --shard-by city");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return fs::canonical(dir / "index");
}

fs::path write_remote_stub(const fs::path& dir, const std::vector<const TcpServer*>& servers) {
    const fs::path stub = dir / "remote.stub";
    std::ofstream out(stub);
    for (const auto* s : servers) out << "remote " << s->address() << "\n";
    return stub;
}

}  // namespace

TEST_CASE("two xapian-tcpsrv shards searched through a stub give the local results and facets",
          "[shards][remote]") {
    const fs::path gen = city_shards("remote-equal");
    TcpServer kagoshima({(gen / "city-鹿児島市").string(), (gen / "city-大船渡市").string()});
    TcpServer others({(gen / "city-須坂市").string(), (gen / "city-金沢市").string()});
    const fs::path stub = write_remote_stub(gen.parent_path(), {&kagoshima, &others});

    PlanSearcher remote(stub.string(), default_analyzer());
    CHECK(remote.record_count() == test::corpus_searcher().record_count());
    for (const auto& req : test::queries())
        test::require_same(test::corpus_searcher(), remote, req);

    // The command line reads the stub file as its --index.
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --json --limit 5 --index " +
                       stub.string() + " 移住");
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    auto local = test::corpus_searcher().search(test::request("移住"));
    CHECK(j["total"] == local.total);
    CHECK(j["results"][0]["id"] == local.results[0].record.id);
}

TEST_CASE(
    "three shards on one xapian-tcpsrv and one on another relate and search like one database",
    "[shards][remote][related]") {
    const fs::path gen = city_shards("remote-three");
    TcpServer three({(gen / "city-金沢市").string(), (gen / "city-大船渡市").string(),
                     (gen / "city-須坂市").string()});
    TcpServer one({(gen / "city-鹿児島市").string()});
    const fs::path stub = write_remote_stub(gen.parent_path(), {&three, &one});

    PlanSearcher remote(stub.string(), default_analyzer());
    auto& combined = test::corpus_searcher();
    for (const auto& req : test::queries()) test::require_same(combined, remote, req);
    for (const auto& id : test::sample_ids(combined, 25))
        test::require_same_related(combined, remote, id);
}

TEST_CASE("a remote shard that is down fails the search with exit status 4 naming the shard",
          "[shards][remote]") {
    const fs::path gen = city_shards("remote-down");
    TcpServer kagoshima({(gen / "city-鹿児島市").string(), (gen / "city-大船渡市").string()});
    TcpServer others({(gen / "city-須坂市").string(), (gen / "city-金沢市").string()});
    const fs::path stub = write_remote_stub(gen.parent_path(), {&kagoshima, &others});

    PlanSearcher open_before(stub.string(), default_analyzer());
    REQUIRE(open_before.search(test::request("移住")).total > 0);
    others.stop();

    // A searcher that was open when the shard went down: an IndexError, not partial results.
    try {
        open_before.search(test::request("移住"));
        FAIL("the search succeeded without one shard");
    } catch (const IndexError& e) {
        CHECK_THAT(e.what(), Catch::Contains("remote shard is unreachable"));
    }

    // A fresh command: exit status 4 and the address of the shard that is down.
    auto r = test::run(std::string(PLAN_SEARCH_BIN) + " query --json --index " + stub.string() +
                       " 移住");
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains("unreachable") && Catch::Contains(others.address()));
    CHECK_THAT(r.err, !Catch::Contains(kagoshima.address()));
    CHECK(r.out.empty());
}

TEST_CASE("xapian-tcpsrv prunes the AND_MAYBE decay case without losing the best document",
          "[remote][xapian]") {
    // A remote database's match runs in the server: this is the server's Xapian under test.
    const fs::path db_path = test::scratch("remote-pruning") / "probe";
    {
        Xapian::WritableDatabase db(db_path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        add_xapian_probe_documents(db);
        db.commit();
    }
    TcpServer server({db_path.string()});
    const Xapian::Database remote = Xapian::Remote::open("127.0.0.1", server.port());
    for (Xapian::doccount check_at_least : {0u, 4u}) {
        INFO(PLAN_XAPIAN_TCPSRV << ", check_at_least " << check_at_least);
        const XapianProbeTop top = xapian_pruning_probe(remote, check_at_least);
        if (PLAN_XAPIAN_PATCHED || check_at_least == 4) {
            CHECK(top.docid == 4);
            CHECK(top.weight == 4.0);
        } else {
            CHECK(top.docid == 1);  // Debian's stock server (-DPLAN_XAPIAN_PREFIX=system)
        }
    }
}
