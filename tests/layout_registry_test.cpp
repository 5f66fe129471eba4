// The layout registry (indexer/extract/layout_registry.h): each layout is one row, and the reader
// factory, the manifest's validation, `plan-index extract --help` and the fuzz targets all read
// it. Walks every row; an unknown name is refused everywhere with the known ones listed.
#include "extract/layout_registry.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <set>

#include "corpus/manifest.h"
#include "input_error.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

const std::string kIndexBin = PLAN_INDEX_BIN;

// A corpus of one (empty) document whose manifest entry declares this layout.
fs::path corpus_with_layout(const std::string& name, const std::string& layout) {
    const fs::path dir = test::scratch(name);
    std::ofstream(dir / "doc.txt");
    const nlohmann::json entry = {{"id", "doc"},      {"file", "doc.txt"},  {"sha256", "0"},
                                  {"city", "金沢市"}, {"title", "a title"}, {"year", 2020},
                                  {"layout", layout}};
    std::ofstream(dir / "manifest.json") << nlohmann::json{{"documents", {entry}}}.dump(2);
    return dir;
}

std::string extract_file_command(const fs::path& file, const std::string& layout) {
    return kIndexBin + " extract --city 金沢市 --file '" + file.string() + "' --layout " + layout;
}

}  // namespace

TEST_CASE("every registered layout has a reader, a help line, a manifest and fuzz seeds",
          "[layout]") {
    REQUIRE_FALSE(layouts().empty());
    const auto help = test::run(kIndexBin + " extract --help");
    REQUIRE(help.exit_code == 0);
    std::set<std::string_view> seen;
    for (const Layout& l : layouts()) {
        const std::string name(l.name);
        CAPTURE(name);
        CHECK(seen.insert(l.name).second);  // registered once
        CHECK(find_layout(name) == &l);
        CHECK(static_cast<bool>(l.make_reader()));
        CHECK(static_cast<bool>(make_reader(name)));
        CHECK_FALSE(l.help.empty());
        CHECK_THAT(help.out, Catch::Contains(name + ": " + std::string(l.help)));
        const fs::path corpus = corpus_with_layout("layout-" + name, name);
        CHECK(load_manifest(corpus).documents.at(0).layout == name);
        // --layout takes it: the empty file is read, and found to hold no project.
        const auto r = test::run(extract_file_command(corpus / "doc.txt", name));
        CHECK_THAT(r.err, !Catch::Contains("unknown layout"));
        // fuzz/CMakeLists.txt makes fuzz_reader_<name>, which starts from these seeds.
        CHECK(fs::is_directory(fs::path(PLAN_SEARCH_SOURCE_DIR) / "fuzz" / "seeds" /
                               ("reader_" + name)));
    }
}

TEST_CASE("an unknown layout is refused, naming the known ones", "[layout]") {
    const fs::path corpus = corpus_with_layout("layout-unknown", "spreadsheet");
    struct Case {
        const char* where;
        std::function<std::string()> message;  // the error's text
    };
    const std::vector<Case> cases = {
        {"make_reader",
         [] {
             try {
                 make_reader("spreadsheet");
             } catch (const InputError& e) {
                 CHECK(e.where() == "--layout");
                 return std::string(e.what());
             }
             return std::string("no error");
         }},
        {"the manifest",
         [&] {
             try {
                 load_manifest(corpus);
             } catch (const InputError& e) {
                 CHECK_THAT(e.where(), Catch::Contains("manifest.json") && Catch::Contains("doc"));
                 return std::string(e.what());
             }
             return std::string("no error");
         }},
        {"plan-index extract --layout",
         [&] {
             const auto r = test::run(extract_file_command(corpus / "doc.txt", "spreadsheet"));
             CHECK(r.exit_code == 3);
             return r.err;
         }},
    };
    for (const auto& c : cases) {
        CAPTURE(c.where);
        const std::string message = c.message();
        CHECK_THAT(message,
                   Catch::Contains("unknown layout 'spreadsheet' (known: " + layout_names() + ")"));
        for (const Layout& l : layouts()) CHECK_THAT(message, Catch::Contains(std::string(l.name)));
    }
}
