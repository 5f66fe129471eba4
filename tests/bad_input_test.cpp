// Bad input, through the real programs: each case gives a clear message naming the file (and
// line) or the option, and the documented exit status (2 usage, 3 bad input, 4 index). Files in
// other encodings are not bad input: they are converted and give the same records as UTF-8.
// The README's "Reliability" table lists these cases by their section names.
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <sstream>

#include "index_schema.h"
#include "test_support.h"

using namespace plan;
namespace fs = std::filesystem;

namespace {

const std::string kIndexBin = PLAN_INDEX_BIN;
const std::string kSearchBin = PLAN_SEARCH_BIN;
// The Kanazawa budget document: budget-bullets layout, every character exists in CP932.
const fs::path kKanazawa = fs::path(PLAN_CORPUS_DIR) / "004_f736d30d86fde0e5.txt";

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// UTF-8 text re-encoded with an ICU converter (no substitution: every character must exist).
std::string encode(const std::string& utf8, const char* charset) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open(charset, &status);
    REQUIRE(U_SUCCESS(status));
    ucnv_setFromUCallBack(conv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8);
    std::string out(static_cast<size_t>(u.length()) * 4 + 16, '\0');
    int32_t n = u.extract(out.data(), static_cast<int32_t>(out.size()), conv, status);
    ucnv_close(conv);
    REQUIRE(U_SUCCESS(status));
    out.resize(static_cast<size_t>(n));
    return out;
}

std::string extract_command(const fs::path& file, const std::string& layout) {
    return kIndexBin + " extract --file " + quoted(file) + " --layout " + layout + " --city 金沢市";
}

/// The records of a JSONL extract, without the fields that name the file they came from.
std::vector<nlohmann::json> records_without_file(const std::string& jsonl) {
    std::vector<nlohmann::json> out;
    std::istringstream in(jsonl);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        auto j = nlohmann::json::parse(line);
        j["source"].erase("file");
        j["source"].erase("origin");
        out.push_back(std::move(j));
    }
    return out;
}

/// A copy of the corpus (manifest + documents) that a case may then damage.
fs::path corpus_copy(const std::string& name) {
    fs::path dir = test::scratch(name);
    for (const auto& e : fs::directory_iterator(PLAN_CORPUS_DIR))
        fs::copy_file(e.path(), dir / e.path().filename());
    return dir;
}

struct BadInputCase {
    std::string name;
    std::function<std::string(const fs::path& dir)>
        command;  // builds the input, returns the command
    int exit_code;
    std::vector<std::string> messages;  // all must appear on stderr
};

void check_case(const BadInputCase& c) {
    DYNAMIC_SECTION(c.name) {
        fs::path dir = test::scratch("bad-input");
        const std::string cmd = c.command(dir);
        auto r = test::run(cmd);
        CAPTURE(cmd, r.err);
        CHECK(r.exit_code == c.exit_code);
        for (const auto& m : c.messages) CHECK_THAT(r.err, Catch::Contains(m));
        CHECK(r.out.empty());  // nothing half-done on stdout
    }
}

}  // namespace

TEST_CASE(
    "files in Shift_JIS (CP932) and UTF-16 with a BOM are converted and give the same records "
    "as the UTF-8 original",
    "[bad-input][encoding]") {
    const std::string utf8 = read_bytes(kKanazawa);
    fs::path dir = test::scratch("encodings");
    write_bytes(dir / "utf8" / "kanazawa.txt", utf8);
    auto original = test::run(extract_command(dir / "utf8" / "kanazawa.txt", "budget-bullets"));
    REQUIRE(original.exit_code == 0);
    const auto expected = records_without_file(original.out);
    REQUIRE(expected.size() > 50);

    const std::vector<std::pair<std::string, std::string>> encodings = {
        {"Shift_JIS (CP932)", encode(utf8, "windows-31j")},
        {"UTF-16LE with BOM", "\xFF\xFE" + encode(utf8, "UTF-16LE")},
        {"UTF-16BE with BOM", "\xFE\xFF" + encode(utf8, "UTF-16BE")},
        {"UTF-8 with BOM and CRLF",
         [&] {
             std::string crlf = "\xEF\xBB\xBF";
             for (char ch : utf8) {
                 if (ch == '\n') crlf += '\r';
                 crlf += ch;
             }
             return crlf;
         }()},
    };
    for (const auto& [name, bytes] : encodings) {
        DYNAMIC_SECTION(name) {
            REQUIRE(bytes != utf8);
            fs::path f = dir / "other" / "kanazawa.txt";
            write_bytes(f, bytes);
            auto r = test::run(extract_command(f, "budget-bullets"));
            CAPTURE(r.err);
            REQUIRE(r.exit_code == 0);
            auto got = records_without_file(r.out);
            REQUIRE(got.size() == expected.size());
            for (size_t i = 0; i < got.size(); ++i) CHECK(got[i] == expected[i]);
        }
    }
}

TEST_CASE("bad document files are rejected by plan-index extract with file:line and exit 3",
          "[bad-input][cli]") {
    const std::vector<BadInputCase> cases = {
        {"invalid UTF-8",
         [](const fs::path& d) {
             // Line 2 holds a truncated 3-byte sequence followed by ASCII: neither UTF-8 nor CP932.
             write_bytes(d / "bad.txt", "(1) 地域経済の活性化\n- ・価値\xE5\xAE創造\n");
             return extract_command(d / "bad.txt", "budget-bullets");
         },
         3,
         {"bad.txt:2: invalid UTF-8 byte sequence"}},
        {"NUL bytes",
         [](const fs::path& d) {
             write_bytes(d / "nul.txt",
                         std::string("(1) 地域経済の活性化\n\n- ・価値") + '\0' + "創造\n");
             return extract_command(d / "nul.txt", "budget-bullets");
         },
         3,
         {"nul.txt:3: NUL byte"}},
        {"empty file",
         [](const fs::path& d) {
             write_bytes(d / "empty.txt", "");
             return extract_command(d / "empty.txt", "budget-bullets");
         },
         3,
         {"empty.txt:1: empty file: no text to read"}},
        {"binary file",
         [](const fs::path&) { return extract_command(kIndexBin, "tables"); },
         3,
         {"plan-index:1: control character 0x", "this looks like a binary file"}},
        {"missing file",
         [](const fs::path& d) { return extract_command(d / "nowhere.txt", "tables"); },
         3,
         {"nowhere.txt: cannot open file"}},
        {"unknown layout",
         [](const fs::path&) { return extract_command(kKanazawa, "pdf"); },
         3,
         {"--layout: unknown layout 'pdf'", "budget-bullets"}},
        {"malformed JSONL record",
         [](const fs::path& d) {
             write_bytes(d / "records.jsonl",
                         "{\"name\": \"移住相談\", \"city\": \"金沢市\"}\n{\"name\": \n");
             return extract_command(d / "records.jsonl", "jsonl");
         },
         3,
         {"records.jsonl:2: bad JSONL record"}},
    };
    for (const auto& c : cases) check_case(c);
}

// The readers match whole lines with std::regex, whose libstdc++ executor recurses once per
// character: a 10 MB line used to overflow the stack (SIGSEGV in all three layouts). Lines
// longer than 1 MiB are now refused by load_source_text with file:line.
TEST_CASE("a 10 MB line is read in bounded time: records or a clear error, never a crash",
          "[bad-input][cli]") {
    // A 10 MB line shaped like each layout's heading (the reader's patterns run over all of it),
    // between ordinary lines; for budget-bullets the bullets around it must come out unharmed.
    std::string text;
    while (text.size() < 10 * 1024 * 1024) text += "移住・定住の促進";
    struct Layout {
        std::string layout, before, huge, after;
    };
    const std::vector<Layout> layouts = {
        {"budget-bullets", "(1) 地域経済の活性化\n- ・起業体験プログラムを実施", "(2) " + text,
         "- ・講習会を開催"},
        {"tables", "基本目標 1 市民と行政が拓く 協働と連携のまち\n基本施策 1\n\n地域社会の構築",
         "基本施策 2 " + text, "事業費 49億67百万円"},
        {"policy-pages", "施策 35  広聴・広報の充実\n\n●\t市民との対話を進めます",
         "施策 36 " + text, "施策 37  情報発信"},
    };
    for (const auto& l : layouts) {
        DYNAMIC_SECTION(l.layout) {
            fs::path d = test::scratch("huge-line");
            const int huge_line =
                1 + static_cast<int>(std::count(l.before.begin(), l.before.end(), '\n')) + 1;
            write_bytes(d / "huge.txt", l.before + "\n" + l.huge + "\n" + l.after + "\n");
            const auto start = std::chrono::steady_clock::now();
            auto r = test::run(extract_command(d / "huge.txt", l.layout));
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            CAPTURE(r.err.substr(0, 500), seconds);
            CHECK(seconds < 60);
            if (r.exit_code == 0) {
                CHECK(r.out.size() < 64 * 1024 * 1024);
                if (l.layout == "budget-bullets")
                    CHECK_THAT(r.out, Catch::Contains("起業体験プログラムを実施") &&
                                          Catch::Contains("講習会を開催"));
            } else {
                // A rejection must name the long line; a crash (signal, 1) is a bug.
                CHECK(r.exit_code == 3);
                CHECK_THAT(r.err, Catch::Contains("huge.txt:" + std::to_string(huge_line) + ":"));
            }
        }
    }
}

TEST_CASE("a damaged corpus stops plan-index build with the manifest or document named and exit 3",
          "[bad-input][cli]") {
    auto build_command = [](const fs::path& corpus) {
        return kIndexBin + " build --corpus " + quoted(corpus) + " --index " +
               quoted(corpus / "index");
    };
    auto edit_manifest = [](const fs::path& corpus,
                            const std::function<void(nlohmann::json&)>& change) {
        auto m = nlohmann::json::parse(read_bytes(corpus / "manifest.json"));
        change(m);
        write_bytes(corpus / "manifest.json", m.dump(2));
    };
    const std::vector<BadInputCase> cases = {
        {"truncated manifest",
         [&](const fs::path&) {
             fs::path c = corpus_copy("truncated-manifest");
             std::string m = read_bytes(c / "manifest.json");
             write_bytes(c / "manifest.json", m.substr(0, m.size() / 2));
             return build_command(c);
         },
         3,
         {"manifest.json: malformed JSON"}},
        {"manifest that is not a document list",
         [&](const fs::path&) {
             fs::path c = corpus_copy("list-manifest");
             write_bytes(c / "manifest.json", "[1, 2, 3]");
             return build_command(c);
         },
         3,
         {"manifest.json: expected an object with a 'documents' array"}},
        {"manifest entry without a city",
         [&](const fs::path&) {
             fs::path c = corpus_copy("no-city");
             edit_manifest(c, [](nlohmann::json& m) { m["documents"][2].erase("city"); });
             return build_command(c);
         },
         3,
         {"suzaka-2021-kihon", "missing or empty string field 'city'"}},
        {"manifest with an unknown layout",
         [&](const fs::path&) {
             fs::path c = corpus_copy("manifest-layout");
             edit_manifest(c, [](nlohmann::json& m) { m["documents"][0]["layout"] = "pdf"; });
             return build_command(c);
         },
         3,
         {"kagoshima-2020-jisshi", "unknown layout 'pdf'"}},
        {"manifest naming a missing file",
         [&](const fs::path&) {
             fs::path c = corpus_copy("missing-doc");
             fs::remove(c / "004_f736d30d86fde0e5.txt");
             return build_command(c);
         },
         3,
         {"kanazawa-2020-yosan", "file not found", "004_f736d30d86fde0e5.txt"}},
        {"wrong sha256",
         [&](const fs::path&) {
             fs::path c = corpus_copy("wrong-sha");
             // One changed character in the Kanazawa document.
             std::string doc = read_bytes(c / "004_f736d30d86fde0e5.txt");
             auto at = doc.find("移住");
             REQUIRE(at != std::string::npos);
             doc.replace(at, 6, "転入");
             write_bytes(c / "004_f736d30d86fde0e5.txt", doc);
             return build_command(c);
         },
         3,
         {"004_f736d30d86fde0e5.txt", "sha256 mismatch for document 'kanazawa-2020-yosan'"}},
        {"missing corpus folder",
         [&](const fs::path& d) { return build_command(d / "no-corpus"); },
         3,
         {"no-corpus/manifest.json: cannot open manifest"}},
    };
    for (const auto& c : cases) check_case(c);
}

TEST_CASE("a damaged corpus leaves the index in use untouched", "[bad-input][cli]") {
    fs::path c = corpus_copy("keep-index");
    // A tiny valid index first (three records through --jsonl), then a failing corpus build.
    write_bytes(c / "records.jsonl",
                "{\"id\":\"a\",\"name\":\"移住相談窓口の運営\",\"city\":\"金沢市\"}\n"
                "{\"id\":\"b\",\"name\":\"町内会集会所建築等補助事業\",\"city\":\"鹿児島市\"}\n"
                "{\"id\":\"c\",\"name\":\"広報紙の発行\",\"city\":\"須坂市\"}\n");
    const std::string index = quoted(c / "index");
    REQUIRE(
        test::run(kIndexBin + " build --jsonl " + quoted(c / "records.jsonl") + " --index " + index)
            .exit_code == 0);
    write_bytes(c / "manifest.json", "{\"documents\": [");
    auto failed = test::run(kIndexBin + " build --corpus " + quoted(c) + " --index " + index);
    REQUIRE(failed.exit_code == 3);
    auto r = test::run(kSearchBin + " query --index " + index + " --json 移住");
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["total"] == 1);
    CHECK(j["results"][0]["id"] == "a");
}

TEST_CASE("an unusable index makes plan-search exit 4 with the reason", "[bad-input][cli]") {
    auto query_command = [](const fs::path& index) {
        return kSearchBin + " query --index " + quoted(index) + " 移住";
    };
    // A real plan-search index of three records, for the cases that damage one.
    auto small_index = [](const fs::path& d) {
        write_bytes(d / "records.jsonl",
                    "{\"id\":\"a\",\"name\":\"移住相談窓口の運営\",\"city\":\"金沢市\"}\n");
        auto r = test::run(kIndexBin + " build --jsonl " + quoted(d / "records.jsonl") +
                           " --index " + quoted(d / "index"));
        REQUIRE(r.exit_code == 0);
        return d / "index";
    };
    const std::vector<BadInputCase> cases = {
        {"index directory that is not a Xapian database",
         [&](const fs::path& d) {
             write_bytes(d / "index" / "notes.txt", "not an index\n");
             return query_command(d / "index");
         },
         4,
         {"index is not a usable Xapian database"}},
        {"index path that is a plain file",
         [&](const fs::path& d) {
             write_bytes(d / "index", "not an index\n");
             return query_command(d / "index");
         },
         4,
         {"index is not a usable Xapian database"}},
        {"missing index",
         [&](const fs::path& d) { return query_command(d / "none"); },
         4,
         {"no index at", "plan-index build"}},
        {"Xapian database that is not a plan-search index",
         [&](const fs::path& d) {
             Xapian::WritableDatabase db((d / "index").string(), Xapian::DB_CREATE_OR_OVERWRITE);
             Xapian::Document doc;
             doc.add_term("移住");
             db.add_document(doc);
             db.commit();
             return query_command(d / "index");
         },
         4,
         {"not a plan-search index"}},
        {"index built by another analyzer version",
         [&](const fs::path& d) {
             fs::path index = small_index(d);
             Xapian::WritableDatabase db(fs::canonical(index).string(), Xapian::DB_OPEN);
             db.set_metadata(std::string(schema::kMetaAnalyzer), "mecab-ipadic/other-dict");
             db.commit();
             return query_command(index);
         },
         4,
         {"was built by analyzer 'mecab-ipadic/other-dict'", "rebuild the index"}},
        {"index with another schema version",
         [&](const fs::path& d) {
             fs::path index = small_index(d);
             Xapian::WritableDatabase db(fs::canonical(index).string(), Xapian::DB_OPEN);
             db.set_metadata(std::string(schema::kMetaSchema), "0");
             db.commit();
             return query_command(index);
         },
         4,
         {"has index schema '0'", "rebuild the index"}},
    };
    for (const auto& c : cases) check_case(c);
}

TEST_CASE(
    "an index built with another user dictionary is refused by a plan-search using the default",
    "[bad-input][cli]") {
    // Compile a one-entry user dictionary, build with it (PLAN_SEARCH_DICT), search without it.
    fs::path tool = "/usr/lib/mecab/mecab-dict-index";
    if (!fs::exists(tool)) tool = "/usr/libexec/mecab/mecab-dict-index";
    REQUIRE(fs::exists(tool));
    fs::path d = test::scratch("other-dict");
    write_bytes(d / "other.csv",
                "移住相談窓口,,,10,名詞,固有名詞,一般,*,*,*,移住相談窓口,"
                "イジュウソウダンマドグチ,イジュウソウダンマドグチ,USER\n");
    REQUIRE(test::run(tool.string() + " -d /usr/share/mecab/dic/ipadic -u " +
                      quoted(d / "other.dic") + " -f utf-8 -t utf-8 " + quoted(d / "other.csv"))
                .exit_code == 0);
    write_bytes(d / "records.jsonl",
                "{\"id\":\"a\",\"name\":\"移住相談窓口の運営\",\"city\":\"金沢市\"}\n");
    auto built = test::run("PLAN_SEARCH_DICT=" + quoted(d / "other.dic") + " " + kIndexBin +
                           " build --jsonl " + quoted(d / "records.jsonl") + " --index " +
                           quoted(d / "index"));
    REQUIRE(built.exit_code == 0);
    auto same_dict = test::run("PLAN_SEARCH_DICT=" + quoted(d / "other.dic") + " " + kSearchBin +
                               " query --index " + quoted(d / "index") + " 移住相談窓口");
    CHECK(same_dict.exit_code == 0);
    auto r = test::run(kSearchBin + " query --index " + quoted(d / "index") + " 移住");
    CAPTURE(r.err);
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.err, Catch::Contains(
                          "was built by analyzer 'plan-analyzer/5 sysdict=ipadic-utf8 userdict=") &&
                          Catch::Contains("rebuild the index"));
}

// An optional field of another JSON type (here origin: 42) used to escape as a bare
// nlohmann type_error (exit 1, naming neither manifest nor document); now an InputError.
TEST_CASE("a manifest field of the wrong type names the document and exits 3", "[bad-input][cli]") {
    fs::path c = corpus_copy("origin-type");
    auto m = nlohmann::json::parse(read_bytes(c / "manifest.json"));
    m["documents"][1]["origin"] = 42;
    write_bytes(c / "manifest.json", m.dump(2));
    auto r =
        test::run(kIndexBin + " build --corpus " + quoted(c) + " --index " + quoted(c / "index"));
    CAPTURE(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("kagoshima-2022-jisshi") && Catch::Contains("origin"));
}

// Found by fuzz_decoder: the NUL check ran only on the UTF-8 path, so U+0000 in a UTF-16 file
// reached the readers. The check now also runs on the converted text, naming file:line.
TEST_CASE("a UTF-16 file with NUL characters is rejected like a binary file", "[bad-input][cli]") {
    fs::path d = test::scratch("utf16-nul");
    write_bytes(d / "nul16.txt", "\xFF\xFE" + encode("(1) 地域経済の活性化\n- ・価値", "UTF-16LE") +
                                     std::string(2, '\0') + encode("創造\n", "UTF-16LE"));
    auto r = test::run(extract_command(d / "nul16.txt", "budget-bullets"));
    CAPTURE(r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("nul16.txt:2: NUL byte"));
}

// Found by fuzz_reader_jsonl: a budget.yen float outside long long (4.9e33) was cast to long
// long (undefined behaviour, a garbage amount); the line is now a bad record like any other.
TEST_CASE("a JSONL budget in yen beyond the integer range is a bad record", "[bad-input][cli]") {
    fs::path d = test::scratch("yen-range");
    write_bytes(d / "records.jsonl",
                "{\"name\":\"価値創造拠点施設の整備\",\"city\":\"金沢市\","
                "\"budget\":{\"text\":\"49億67百万円\",\"yen\":4.967e33}}\n");
    auto r = test::run(extract_command(d / "records.jsonl", "jsonl"));
    CAPTURE(r.out, r.err);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Catch::Contains("records.jsonl:1: bad JSONL record"));
}
