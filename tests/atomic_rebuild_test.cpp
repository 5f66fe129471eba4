// Atomic rebuilds: a build writes a new generation beside the served one and switches the symlink
// only when complete; a build killed (SIGKILL) at any moment leaves the served index intact and
// searchable at the same revision, and the next build removes the dead build's folder.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

/// Corpus records copied under new ids until there are at least n: a build that takes a while.
fs::path bulk_jsonl(const fs::path& dir, size_t n) {
    const fs::path file = dir / "bulk.jsonl";
    std::ofstream out(file);
    size_t written = 0;
    for (int copy = 0; written < n; ++copy)
        for (const auto& d : test::corpus_records())
            for (ProjectRecord r : d.records) {
                r.id += "-copy" + std::to_string(copy);
                r.document.id = "bulk-" + std::to_string(copy % 50);
                out << nlohmann::json(r).dump() << "\n";
                ++written;
            }
    return file;
}

std::vector<fs::path> building_dirs(const std::string& index) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(index + ".generations", ec))
        if (e.path().filename().string().rfind("building-", 0) == 0) out.push_back(e.path());
    return out;
}

pid_t start_build(const std::string& jsonl, const std::string& index, const std::string& extra) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        std::string cmd = std::string(PLAN_INDEX_BIN) + " build --jsonl " + jsonl + " --index " +
                          index + " " + extra;
        ::execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), nullptr);
        ::_exit(127);
    }
    return pid;
}

std::vector<std::string> ids(const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.record.id);
    return out;
}

}  // namespace

TEST_CASE("a build killed at any moment leaves the served index intact at the same revision",
          "[atomic]") {
    const fs::path dir = test::scratch("atomic");
    const std::string index = (dir / "index").string();
    const std::string shard_options =
        GENERATE(std::string(""), std::string("--shard-by city --shards 2"));
    CAPTURE(shard_options);
    auto r = test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR +
                       " --index " + index + " " + shard_options);
    REQUIRE(r.exit_code == 0);
    SearchRequest req;
    req.query = "移住 支援";
    std::string revision;
    std::vector<std::string> served;
    {
        PlanSearcher s(index, default_analyzer());
        revision = s.revision();
        served = ids(s.search(req));
        REQUIRE(served.size() == 10);
    }
    const fs::path bulk = bulk_jsonl(dir, 40000);

    // Kill while the database is being created, while records are being added, and later on.
    for (auto delay : {0ms, 700ms, 2500ms}) {
        CAPTURE(delay.count());
        pid_t pid = start_build(bulk.string(), index, shard_options);
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        while (building_dirs(index).empty() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        std::this_thread::sleep_for(delay);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, WNOHANG) == 0);  // still building when killed
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status));

        PlanSearcher s(index, default_analyzer());
        CHECK(s.revision() == revision);
        CHECK(ids(s.search(req)) == served);
        CHECK(s.record_count() == test::corpus_searcher().record_count());
        CHECK_FALSE(building_dirs(index).empty());  // the dead build's folder, not served
    }

    // The next build completes, switches, and removes what the killed builds left behind.
    r = test::run(std::string(PLAN_INDEX_BIN) + " build --corpus " + PLAN_CORPUS_DIR + " --index " +
                  index + " " + shard_options);
    REQUIRE(r.exit_code == 0);
    CHECK(building_dirs(index).empty());
    PlanSearcher s(index, default_analyzer());
    CHECK(s.revision() != revision);
    CHECK(ids(s.search(req)) == served);
}
