#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace plan::test {

PlanSearcher& corpus_searcher() {
    static PlanSearcher searcher(corpus_index(), default_analyzer());
    return searcher;
}

std::filesystem::path scratch(const std::string& name) {
    auto p = std::filesystem::path(PLAN_TEST_SCRATCH) / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

CommandResult run(const std::string& command) {
    auto dir = scratch("cmd");
    const auto out = dir / "out", err = dir / "err";
    std::string full = command + " >" + out.string() + " 2>" + err.string();
    int status = std::system(full.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream o(out), e(err);
    std::stringstream so, se;
    so << o.rdbuf();
    se << e.rdbuf();
    r.out = so.str();
    r.err = se.str();
    std::filesystem::remove_all(dir);
    return r;
}

const std::vector<ExtractedDocument>& corpus_records() {
    static const std::vector<ExtractedDocument> docs = [] {
        std::vector<ExtractedDocument> out;
        for (const auto& d : load_manifest(PLAN_CORPUS_DIR).documents) out.push_back(extract_document(d));
        return out;
    }();
    return docs;
}

size_t write_corpus_jsonl(const std::filesystem::path& file, size_t per_document) {
    std::ofstream out(file);
    size_t n = 0;
    for (const auto& doc : corpus_records())
        for (size_t i = 0; i < doc.records.size() && i < per_document; ++i, ++n)
            out << nlohmann::json(doc.records[i]).dump() << "\n";
    return n;
}

std::vector<std::string> result_names(const SearchResponse& r) {
    std::vector<std::string> names;
    for (const auto& h : r.results) names.push_back(h.record.name);
    return names;
}

}  // namespace plan::test
