// Replays the inputs under tests/fuzz_regressions/<target>/ (inputs the fuzzers in fuzz/ found
// crashing, or that crashed an earlier version) through the same code paths and checks as the
// fuzz targets, in the ordinary and the sanitizer test builds. <target> is a fuzz target name
// without "fuzz_": reader_<layout>, decoder, analyzer, query, http_request.
#include <httplib.h>
#include <unicode/utf8.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "extract/layout_registry.h"
#include "http/api_request.h"
#include "input_error.h"
#include "search/query_builder.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

const fs::path kRegressions = fs::path(PLAN_SEARCH_SOURCE_DIR) / "tests" / "fuzz_regressions";

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool valid_utf8_without_nul(const std::string& s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c <= 0) return false;
    }
    return true;
}

// What load_source_text() makes of these bytes.
SourceText source_text_of(const std::string& bytes) {
    return source_text_from_bytes(bytes, "fuzz.txt");
}

void replay(const std::string& target, const std::string& bytes) {
    if (target.rfind("reader_", 0) == 0) {
        DocumentInfo info;
        info.id = "fuzz-doc";
        info.file = info.origin = "fuzz.txt";
        info.city = "金沢市";
        const Layout& layout = layout_named(target.substr(7), target);
        info.layout = layout.name;
        auto reader = layout.make_reader();
        try {
            ExtractReport report;
            auto records = reader->read(source_text_of(bytes), info, report);
            assign_ids(records);
            if (!layout.structured)
                for (const auto& r : records) CHECK(r.city == info.city);
        } catch (const InputError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith("fuzz.txt"));  // names the file
        }
    } else if (target == "decoder") {
        try {
            const std::string text = decode_to_utf8(bytes, "fuzz.txt");
            CHECK(valid_utf8_without_nul(text));
        } catch (const InputError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith("fuzz.txt"));
        }
    } else if (target == "analyzer") {
        Analysis a = default_analyzer().analyze(bytes);
        for (const auto& t : a.tokens) CHECK((t.begin <= t.end && t.end <= bytes.size()));
        for (const auto& t : a.terms) CHECK((t.begin <= t.end && t.end <= bytes.size()));
    } else if (target == "query") {
        auto& searcher = test::corpus_searcher();
        SearchRequest request;
        request.query = bytes;
        try {
            ParsedQuery parsed = parse_query(bytes);
            (void)QueryBuilder(searcher.analyzer(), searcher.database())
                .build(parsed, QueryStrength::Bigram);
            SearchResponse r = searcher.search(request);
            CHECK(r.results.size() <= request.limit);
        } catch (const QueryError& e) {
            CHECK_THAT(e.what(), Catch::Contains("character") || Catch::Contains("filter"));
        }
    } else if (target == "http_request") {
        // A request target, split and decoded by cpp-httplib as the server's Request gets it.
        const size_t question = bytes.find('?');
        httplib::Params decoded;
        if (question != std::string::npos)
            httplib::detail::parse_query_text(bytes.substr(question + 1), decoded);
        const QueryParams params(decoded.begin(), decoded.end());
        auto api_error_only = [](auto&& parse) {
            try {
                parse();
            } catch (const ApiError& e) {
                CHECK((e.status >= 400 && e.status < 500));
                CHECK_NOTHROW(e.to_json().dump());  // strict: the answer is valid UTF-8
            }
        };
        api_error_only([&] { parse_search_params(params); });
        api_error_only([&] { parse_related_params(params); });
        api_error_only([&] { reject_params(params); });
        const std::string path = httplib::detail::decode_url(bytes.substr(0, question), false);
        const std::string projects = "/api/projects/";
        if (path.rfind(projects, 0) == 0)
            api_error_only([&] {
                check_id(path.substr(projects.size(),
                                     path.find('/', projects.size()) - projects.size()));
            });
    } else {
        FAIL("unknown fuzz target folder " << target);
    }
}

// Replays the files of every target folder.
size_t replay_folder() {
    REQUIRE(fs::is_directory(kRegressions));
    size_t replayed = 0;
    for (const auto& dir : fs::directory_iterator(kRegressions)) {
        if (!dir.is_directory()) continue;
        const std::string target = dir.path().filename().string();
        for (const auto& file : fs::directory_iterator(dir.path())) {
            const std::string name = file.path().filename().string();
            DYNAMIC_SECTION(target << "/" << name) { replay(target, read_bytes(file.path())); }
            ++replayed;
        }
    }
    return replayed;
}

}  // namespace

TEST_CASE("inputs that crashed a fuzz target are handled: records, InputError or QueryError",
          "[fuzz-regression]") {
    CHECK(replay_folder() > 0);
}
