// plan-index: extract projects from the corpus and build the Xapian index.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "corpus/manifest.h"
#include "extract/extraction.h"
#include "index/index_builder.h"
#include "input_error.h"
#include "synonyms.h"

using namespace plan;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitInput = 3;
constexpr int kExitIndex = 4;

std::vector<ExtractedDocument> extract_corpus(const std::string& corpus, const std::string& only) {
    Manifest m = load_manifest(corpus);
    std::vector<ExtractedDocument> out;
    bool found = only.empty();
    for (const auto& d : m.documents) {
        if (!only.empty() && d.id != only) continue;
        found = true;
        out.push_back(extract_document(d));
    }
    if (!found) throw InputError("--document", "no document '" + only + "' in " + m.file.string());
    return out;
}

std::vector<ProjectRecord> read_jsonl_input(const std::string& file) {
    DocumentInfo info;
    info.layout = "jsonl";
    info.id = "jsonl";
    info.file = file == "-" ? "<stdin>" : file;
    SourceText text;
    text.file = info.file;
    if (file == "-") {
        std::string line;
        while (std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            text.lines.push_back(line);
        }
    } else {
        text = load_source_text(file);
    }
    ExtractReport report;
    auto records = make_reader("jsonl")->read(text, info, report);
    assign_ids(records);
    return records;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"plan-index: read municipal plan documents and build the search index.\n"
                 "Exit status: 0 ok, 2 bad usage, 3 bad input (file:line named), 4 index error."};
    app.require_subcommand(1);
    std::string corpus = "corpus", index = default_index_path();

    auto* build = app.add_subcommand("build", "Extract every corpus document and (re)build the index.\n"
                                              "The new index is switched in only when complete.");
    std::string jsonl;
    bool verbose = false;
    build->add_option("--corpus", corpus, "Corpus folder with manifest.json")->capture_default_str();
    build->add_option("--index", index, "Index folder ($PLAN_SEARCH_INDEX)")->capture_default_str();
    build->add_option("--jsonl", jsonl, "Index records in the JSON contract from FILE (- for stdin) "
                                        "instead of the corpus");
    build->add_flag("--verbose,-v", verbose, "List unclassified lines in the report");

    auto* extract = app.add_subcommand("extract", "Print the extracted records as JSONL on stdout.");
    std::string document, file, layout, city;
    extract->add_option("--corpus", corpus, "Corpus folder with manifest.json")->capture_default_str();
    extract->add_option("--document", document, "Only this manifest document id");
    extract->add_option("--file", file, "A file outside the corpus (with --layout and --city)");
    extract->add_option("--layout", layout, "Layout of --file: tables, policy-pages, budget-bullets, jsonl");
    extract->add_option("--city", city, "City of --file");
    extract->add_flag("--verbose,-v", verbose, "List unclassified lines in the report");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    }

    try {
        if (*extract) {
            std::vector<ExtractedDocument> docs;
            if (!file.empty()) {
                if (layout.empty()) throw InputError("--layout", "required with --file");
                if (city.empty()) throw InputError("--city", "required with --file");
                docs.push_back(extract_file(file, layout, city));
            } else {
                docs = extract_corpus(corpus, document);
            }
            for (const auto& d : docs)
                for (const auto& r : d.records) std::cout << nlohmann::json(r).dump() << "\n";
            for (const auto& d : docs) print_report(std::cerr, d.report, verbose);
            return 0;
        }
        if (*build) {
            std::vector<std::vector<ProjectRecord>> docs;
            if (!jsonl.empty()) {
                docs.push_back(read_jsonl_input(jsonl));
            } else {
                for (auto& d : extract_corpus(corpus, "")) {
                    print_report(std::cerr, d.report, verbose);
                    docs.push_back(std::move(d.records));
                }
            }
            BuildOptions opt;
            opt.index_dir = index;
            const std::string syn = default_synonyms_path();
            opt.synonyms = load_synonym_groups(syn);
            opt.synonyms_digest = synonyms_digest(opt.synonyms);
            opt.progress = true;
            const JapaneseAnalyzer& analyzer = default_analyzer();
            BuildStats s = build_index(docs, opt, analyzer);
            std::cerr << "indexed " << s.records << " records from " << s.documents
                      << " documents into " << index << " in " << s.seconds << " s\n";
            return 0;
        }
    } catch (const InputError& e) {
        std::cerr << "plan-index: " << e.what() << "\n";
        return kExitInput;
    } catch (const Xapian::Error& e) {
        std::cerr << "plan-index: index " << index << ": " << e.get_description() << "\n";
        return kExitIndex;
    } catch (const std::exception& e) {
        std::cerr << "plan-index: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
