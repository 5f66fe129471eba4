// plan-index: extract projects from the corpus and build the Xapian index.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "corpus/manifest.h"
#include "errors.h"
#include "extract/extraction.h"
#include "extract/layout_registry.h"
#include "index/index_builder.h"
#include "index/index_update.h"
#include "synonyms.h"

using namespace plan;

namespace {

/// Every option of every subcommand; each subcommand reads the ones it declares.
struct Options {
    std::string corpus = "corpus", index = default_index_path();
    bool verbose = false;
    // build
    std::string jsonl, shard_by;
    unsigned shard_count = 0, threads = 0;
    std::string omit_terms;
    size_t commit_every = BuildOptions{}.commit_every;
    // add, remove
    std::string add_file, remove_id;
    // extract
    std::string document, file, layout, city;
};

struct Commands {
    CLI::App *build = nullptr, *add = nullptr, *remove = nullptr, *extract = nullptr;
};

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

// The manifest entry of FILE: the same file as the entry's path, or the entry's file name.
std::pair<const ManifestDocument*, unsigned> manifest_entry(const Manifest& m,
                                                            const std::string& file) {
    std::error_code ec;
    const auto wanted = std::filesystem::weakly_canonical(file, ec);
    for (size_t i = 0; i < m.documents.size(); ++i) {
        const auto& d = m.documents[i];
        if (d.file == file || std::filesystem::weakly_canonical(d.path, ec) == wanted)
            return {&d, static_cast<unsigned>(i + 1)};
    }
    throw InputError(file, "not listed in " + m.file.string() +
                               ": add an entry (id, file, city, layout, sha256) to the manifest "
                               "first");
}

BuildOptions build_options(const std::string& index) {
    BuildOptions opt;
    opt.index_dir = index;
    opt.synonyms = load_default_synonyms();
    opt.synonyms_digest = synonyms_digest(opt.synonyms);
    return opt;
}

// ---- The subcommands' options ----

CLI::App* add_build_command(CLI::App& app, Options& o) {
    auto* build = app.add_subcommand("build",
                                     "Extract every corpus document and (re)build the index.\n"
                                     "The new index is switched in only when complete.");
    build->add_option("--corpus", o.corpus, "Corpus folder with manifest.json")
        ->capture_default_str();
    build->add_option("--index", o.index, "Index folder ($PLAN_SEARCH_INDEX)")
        ->capture_default_str();
    build->add_option("--jsonl", o.jsonl,
                      "Index records in the JSON contract from FILE (- for stdin) "
                      "instead of the corpus");
    build->add_flag("--verbose,-v", o.verbose, "List unclassified lines in the report");
    build
        ->add_option("--shard-by", o.shard_by,
                     "Write one database per city, prefecture or document, and a "
                     "stub listing them (searched as one collection)")
        ->check(CLI::IsMember({"city", "prefecture", "document"}));
    build
        ->add_option("--shards", o.shard_count,
                     "With --shard-by: hash the values onto N shards instead of one "
                     "shard per value")
        ->check(CLI::Range(1, 4096));
    build
        ->add_option("--commit-every", o.commit_every,
                     "Documents per Xapian commit (memory vs speed)")
        ->capture_default_str()
        ->check(CLI::Range(100, 1000000));
    build
        ->add_option("--threads", o.threads,
                     "Writers, each building a part of the input that is then merged (with "
                     "--shard-by: analysis threads); default: one per core")
        ->check(CLI::Range(1, 256));
    build->add_option("--omit-terms", o.omit_terms,
                      "Leave these term families out (bigrams,compounds,readings,name,positions): "
                      "for measuring what each buys (bench/term_families.sh); searches lose what "
                      "they find");
    return build;
}

CLI::App* add_add_command(CLI::App& app, Options& o) {
    auto* add = app.add_subcommand("add",
                                   "Re-index one manifest document in place: its records are "
                                   "replaced by id, records that disappeared are deleted, nothing "
                                   "else is rebuilt.");
    add->add_option("--corpus", o.corpus, "Corpus folder with manifest.json")
        ->capture_default_str();
    add->add_option("--index", o.index, "Index folder ($PLAN_SEARCH_INDEX)")->capture_default_str();
    add->add_option("FILE", o.add_file, "A document file listed in the manifest")->required();
    return add;
}

CLI::App* add_remove_command(CLI::App& app, Options& o) {
    auto* remove = app.add_subcommand(
        "remove", "Delete every record of one document from the index in place.");
    remove->add_option("--index", o.index, "Index folder ($PLAN_SEARCH_INDEX)")
        ->capture_default_str();
    remove->add_option("DOCUMENT", o.remove_id, "Document id (as in the manifest)")->required();
    return remove;
}

// "Layout of --file:" and a line per registered layout.
std::string layout_option_help() {
    std::string help = "Layout of --file:";
    for (const Layout& l : layouts())
        help += "\n  " + std::string(l.name) + ": " + std::string(l.help);
    return help;
}

CLI::App* add_extract_command(CLI::App& app, Options& o) {
    auto* extract =
        app.add_subcommand("extract", "Print the extracted records as JSONL on stdout.");
    extract->add_option("--corpus", o.corpus, "Corpus folder with manifest.json")
        ->capture_default_str();
    extract->add_option("--document", o.document, "Only this manifest document id");
    extract->add_option("--file", o.file, "A file outside the corpus (with --layout and --city)");
    extract->add_option("--layout", o.layout, layout_option_help());
    extract->add_option("--city", o.city, "City of --file");
    extract->add_flag("--verbose,-v", o.verbose, "List unclassified lines in the report");
    return extract;
}

// ---- The subcommands ----

int run_extract(const Options& o) {
    std::vector<ExtractedDocument> docs;
    if (!o.file.empty()) {
        if (o.layout.empty()) throw InputError("--layout", "required with --file");
        if (o.city.empty()) throw InputError("--city", "required with --file");
        docs.push_back(extract_file(o.file, o.layout, o.city));
    } else {
        docs = extract_corpus(o.corpus, o.document);
    }
    for (const auto& d : docs)
        for (const auto& r : d.records) std::cout << nlohmann::json(r).dump() << "\n";
    for (const auto& d : docs) print_report(std::cerr, d.report, o.verbose);
    return 0;
}

int run_build(const Options& o) {
    BuildOptions opt = build_options(o.index);
    opt.progress = true;
    opt.threads = o.threads;
    opt.commit_every = o.commit_every;
    opt.families = schema::families_without(o.omit_terms, "--omit-terms");
    if (!o.shard_by.empty()) opt.shards = {parse_shard_by(o.shard_by), o.shard_count};
    if (o.shard_count && o.shard_by.empty()) throw InputError("--shards", "needs --shard-by");
    const JapaneseAnalyzer& analyzer = default_analyzer();
    BuildStats s;
    if (!o.jsonl.empty()) {
        JsonlSource source(o.jsonl);  // streamed: memory does not grow with the input
        s = build_index(source, opt, analyzer);
    } else {
        std::vector<std::vector<ProjectRecord>> docs;
        for (auto& d : extract_corpus(o.corpus, "")) {
            print_report(std::cerr, d.report, o.verbose);
            docs.push_back(std::move(d.records));
        }
        s = build_index(docs, opt, analyzer);
    }
    std::cerr << "indexed " << s.records << " records from " << s.documents << " documents into "
              << o.index;
    if (opt.shards.by != ShardBy::None)
        std::cerr << " (" << s.shards << " shards by " << o.shard_by << ")";
    else if (s.parts > 1)
        std::cerr << " (" << s.parts << " parts written at once, merged)";
    std::cerr << " in " << s.seconds << " s\n";
    return 0;
}

int run_add(const Options& o) {
    const Manifest m = load_manifest(o.corpus);
    const auto [entry, ordinal] = manifest_entry(m, o.add_file);
    ExtractedDocument d = extract_document(*entry);
    print_report(std::cerr, d.report, o.verbose);
    const BuildOptions opt = build_options(o.index);
    UpdateStats u = update_document(o.index, entry->id, d.records, ordinal, opt.synonyms_digest,
                                    default_analyzer(), &opt.synonyms);
    std::cerr << entry->id << ": " << u.added << " records added, " << u.replaced << " replaced, "
              << u.removed << " removed in " << o.index << "\n";
    return 0;
}

int run_remove(const Options& o) {
    UpdateStats u = remove_document(o.index, o.remove_id);
    if (u.removed == 0)
        throw InputError("DOCUMENT", "no records of document '" + o.remove_id + "' in " + o.index);
    std::cerr << o.remove_id << ": " << u.removed << " records removed from " << o.index << "\n";
    return 0;
}

// The chosen subcommand, its errors turned into exit statuses and messages on stderr.
int run(const Commands& c, const Options& o) {
    return run_reporting_errors("plan-index", o.index, [&] {
        if (*c.extract) return run_extract(o);
        if (*c.build) return run_build(o);
        if (*c.add) return run_add(o);
        if (*c.remove) return run_remove(o);
        return 0;
    });
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "plan-index: read municipal plan documents and build the search index.\n"
        "Exit status: 0 ok, 2 bad usage, 3 bad input (file:line named), 4 index error\n"
        "(missing, locked, or built by another analyzer: rebuild)."};
    app.require_subcommand(1);
    Options options;
    Commands commands;
    commands.build = add_build_command(app, options);
    commands.add = add_add_command(app, options);
    commands.remove = add_remove_command(app, options);
    commands.extract = add_extract_command(app, options);
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
    return run(commands, options);
}
