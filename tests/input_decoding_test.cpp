// Input robustness: the same document in UTF-8 (BOM, CRLF), Shift_JIS/CP932 and UTF-16 gives the
// same records; broken, binary and empty files are refused with file:line and exit status 3, and a
// failed build leaves the index in use untouched.
#include <unicode/ucnv.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "corpus/manifest.h"
#include "input_error.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

// Lines first..last (1-based) of the 金沢市 document, LF-terminated UTF-8.
std::string kanazawa_excerpt(int first, int last) {
    std::istringstream in(read_bytes(fs::path(PLAN_CORPUS_DIR) / "004_f736d30d86fde0e5.txt"));
    std::string line, out;
    for (int n = 1; std::getline(in, line) && n <= last; ++n)
        if (n >= first) out += line + "\n";
    return out;
}

// UTF-8 to another charset with ICU (what a city's Windows tools would have written).
std::string encode(const std::string& utf8, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    std::string out(utf8.size() * 4 + 16, '\0');
    const int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                   utf8.data(), static_cast<int32_t>(utf8.size()), &status);
    REQUIRE(U_SUCCESS(status));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::string crlf(const std::string& lf) {
    std::string out;
    for (char c : lf) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

// Byte offset where line `line` (1-based) starts.
size_t line_start(const std::string& bytes, int line) {
    size_t pos = 0;
    for (int n = 1; n < line; ++n) pos = bytes.find('\n', pos) + 1;
    return pos;
}

std::vector<std::pair<int, std::string>> lines_and_names(const ExtractedDocument& d) {
    std::vector<std::pair<int, std::string>> out;
    for (const auto& r : d.records) out.emplace_back(r.source.line, r.name);
    return out;
}

test::CommandResult extract_cli(const fs::path& file) {
    return test::run(std::string(PLAN_INDEX_BIN) + " extract --file " + file.string() +
                     " --layout budget-bullets --city 金沢市");
}

}  // namespace

TEST_CASE(
    "the same text in UTF-8, UTF-8 with BOM and CRLF, Shift_JIS and UTF-16 gives the same records",
    "[input]") {
    const fs::path dir = test::scratch("encodings");
    const std::string text = kanazawa_excerpt(1, 40);
    write_bytes(dir / "utf8.txt", text);
    const auto base = extract_file((dir / "utf8.txt").string(), "budget-bullets", "金沢市");
    REQUIRE(base.records.size() == 19);
    CHECK(base.records[0].source.line == 13);
    CHECK(base.records[0].name == "価値創造拠点施設の整備を本格化（令和3年春開設予定）");
    CHECK(base.records[18].name == "働き方改革を実践する企業の取り組みを紹介するセミナーを開催");

    const std::vector<std::pair<std::string, std::string>> variants = {
        {"bom-crlf.txt", "\xEF\xBB\xBF" + crlf(text)},
        {"cr-only.txt",
         [&] {
             std::string cr = text;
             std::replace(cr.begin(), cr.end(), '\n', '\r');
             return cr;
         }()},
        {"sjis.txt", encode(crlf(text), "windows-31j")},
        {"utf16le-bom.txt", "\xFF\xFE" + encode(text, "UTF-16LE")},
        {"utf16be-bom.txt", "\xFE\xFF" + encode(crlf(text), "UTF-16BE")},
        {"utf16le-nobom.txt", encode(text, "UTF-16LE")},
        {"utf16be-nobom.txt", encode(text, "UTF-16BE")},
    };
    for (const auto& [name, bytes] : variants) {
        CAPTURE(name);
        write_bytes(dir / name, bytes);
        const auto doc = extract_file((dir / name).string(), "budget-bullets", "金沢市");
        CHECK(lines_and_names(doc) == lines_and_names(base));
        CHECK(doc.records[0].goal.measure == "①新産業の創出と人材の育成");
    }
    CHECK(load_source_text(dir / "sjis.txt").encoding == "Shift_JIS");
    CHECK(load_source_text(dir / "utf16le-nobom.txt").encoding == "UTF-16LE");
    CHECK(load_source_text(dir / "utf16be-bom.txt").encoding == "UTF-16BE");
    CHECK(load_source_text(dir / "bom-crlf.txt").lines.at(12) ==
          "- ・価値創造拠点施設の整備を本格化（令和3年春開設予定）");
}

TEST_CASE("plan-index extract --file reads a Shift_JIS file like its UTF-8 original",
          "[input][cli]") {
    const fs::path dir = test::scratch("sjis-cli");
    write_bytes(dir / "kanazawa-sjis.txt", encode(crlf(kanazawa_excerpt(1, 40)), "windows-31j"));
    auto r = extract_cli(dir / "kanazawa-sjis.txt");
    REQUIRE(r.exit_code == 0);
    std::istringstream out(r.out);
    std::string first;
    std::getline(out, first);
    auto j = nlohmann::json::parse(first);
    CHECK(j["name"] == "価値創造拠点施設の整備を本格化（令和3年春開設予定）");
    CHECK(j["city"] == "金沢市");
    CHECK(j["source"]["line"] == 13);
    CHECK(j["goal"]["policy"] == "(1) 地域経済の活性化");
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 19);
}

TEST_CASE("an invalid UTF-8 byte is refused naming file:line, exit status 3", "[input][cli]") {
    const fs::path dir = test::scratch("bad-utf8");
    std::string bytes = kanazawa_excerpt(1, 40);
    bytes.insert(line_start(bytes, 14) + 6, "\xFF");  // inside line 14, after `- ・`
    write_bytes(dir / "broken.txt", bytes);
    auto r = extract_cli(dir / "broken.txt");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err,
               Catch::Contains((dir / "broken.txt").string() + ":14: invalid UTF-8 byte sequence"));
    CHECK(r.out.empty());  // no partial output
}

TEST_CASE("an invalid Shift_JIS byte is refused naming file:line", "[input][cli]") {
    const fs::path dir = test::scratch("bad-sjis");
    std::string bytes = encode(kanazawa_excerpt(1, 40), "windows-31j");
    bytes.insert(line_start(bytes, 16) + 4, "\xFF");  // 0xFF is no Shift_JIS/CP932 byte
    write_bytes(dir / "broken-sjis.txt", bytes);
    auto r = extract_cli(dir / "broken-sjis.txt");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err,
               Catch::Contains("broken-sjis.txt:16: invalid Shift_JIS/CP932 byte sequence (0xFF)"));
    CHECK_THROWS_AS(load_source_text(dir / "broken-sjis.txt"), InputError);
}

TEST_CASE("a binary file is refused as binary, exit status 3", "[input][cli]") {
    const fs::path dir = test::scratch("binary");
    // The first kilobytes of a real executable: its ELF header holds control and NUL bytes.
    write_bytes(dir / "program.txt", read_bytes(PLAN_INDEX_BIN).substr(0, 4096));
    auto r = extract_cli(dir / "program.txt");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("program.txt:1: ") &&
                          Catch::Contains("this looks like a binary file"));

    // A PNG signature: its control byte 0x1A stands on line 2.
    write_bytes(dir / "image.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
    r = extract_cli(dir / "image.txt");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains(
                          "image.txt:2: control character 0x1A: this looks like a binary file"));
}

TEST_CASE("an empty or blank file is refused, exit status 3", "[input][cli]") {
    const fs::path dir = test::scratch("empty");
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"empty.txt", ""}, {"bom-only.txt", "\xEF\xBB\xBF"}, {"blank.txt", "\r\n  \n\t\n"}}) {
        CAPTURE(name);
        write_bytes(dir / name, bytes);
        auto r = extract_cli(dir / name);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Catch::Contains(name + ":1: empty file"));
    }
}

TEST_CASE("a text file in which the layout finds no project is refused, not indexed empty",
          "[input][cli]") {
    const fs::path dir = test::scratch("no-projects");
    write_bytes(dir / "prose.txt", kanazawa_excerpt(1, 7));  // the title and the first paragraph
    auto r = extract_cli(dir / "prose.txt");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err,
               Catch::Contains(
                   "prose.txt: no projects found with layout 'budget-bullets' (7 lines read)"));
}

TEST_CASE("a build that fails on bad input leaves the existing index in use untouched",
          "[input][cli][index]") {
    const fs::path dir = test::scratch("keep-index");
    const std::string file = "004_f736d30d86fde0e5.txt";
    fs::copy_file(fs::path(PLAN_CORPUS_DIR) / file, dir / file);
    nlohmann::json manifest =
        nlohmann::json::parse(read_bytes(fs::path(PLAN_CORPUS_DIR) / "manifest.json"));
    nlohmann::json entry;
    for (const auto& d : manifest["documents"])
        if (d["file"] == file) entry = d;
    manifest["documents"] = nlohmann::json::array({entry});
    write_bytes(dir / "manifest.json", manifest.dump(2));
    const fs::path index = dir / "index";
    const std::string build = std::string(PLAN_INDEX_BIN) + " build --corpus " + dir.string() +
                              " --index " + index.string();
    REQUIRE(test::run(build).exit_code == 0);
    const fs::path generation = fs::canonical(index);
    {
        PlanSearcher s(index.string(), default_analyzer());
        REQUIRE(s.record_count() == 274);
    }

    // The same document, now with a broken byte on line 100 (and a manifest that agrees).
    std::string bytes = read_bytes(dir / file);
    bytes.insert(line_start(bytes, 100) + 2, "\x80");  // before the ・
    write_bytes(dir / file, bytes);
    manifest["documents"][0]["sha256"] = sha256_file(dir / file);
    write_bytes(dir / "manifest.json", manifest.dump(2));
    auto r = test::run(build);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains(file + ":100: invalid UTF-8 byte sequence"));

    CHECK(fs::canonical(index) == generation);
    size_t generations = 0;
    for (const auto& e : fs::directory_iterator(dir / "index.generations")) {
        CAPTURE(e.path());
        CHECK(e.path().filename().string().rfind("gen-", 0) == 0);  // no half-built generation
        ++generations;
    }
    CHECK(generations == 1);
    PlanSearcher s(index.string(), default_analyzer());
    CHECK(s.record_count() == 274);
    SearchRequest req;
    req.query = "金沢マラソン";
    CHECK_FALSE(s.search(req).results.empty());
}
