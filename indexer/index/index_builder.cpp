#include "index_builder.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>

#include <xapian.h>

#include "index_schema.h"
#include "input_error.h"

namespace plan {

namespace fs = std::filesystem;

std::string default_index_path() {
    if (const char* env = std::getenv("PLAN_SEARCH_INDEX"); env && *env) return env;
    return "data/index";
}

namespace {

// index_dir is a symlink to "<index_dir>.generations/<name>"; a build writes a new generation and
// replaces the symlink with rename(2), which is atomic. The previous generation is kept so readers
// that still hold it open finish their work; older ones are removed.
fs::path generations_dir(const fs::path& index_dir) {
    return index_dir.parent_path() / (index_dir.filename().string() + ".generations");
}

void switch_to(const fs::path& index_dir, const fs::path& generation) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(index_dir)) && !fs::is_symlink(fs::symlink_status(index_dir))) {
        // An index from before generations existed: move it aside, it becomes a generation.
        fs::rename(index_dir, generations_dir(index_dir) / "legacy", ec);
        if (ec) throw InputError(index_dir.string(), "cannot move the old index aside: " + ec.message());
    }
    const fs::path tmp_link = index_dir.parent_path() / (index_dir.filename().string() + ".switch");
    fs::remove(tmp_link, ec);
    fs::create_directory_symlink(fs::relative(generation, index_dir.parent_path()), tmp_link);
    fs::rename(tmp_link, index_dir);  // atomic replacement of the symlink
}

void prune_generations(const fs::path& index_dir, const fs::path& current, const fs::path& previous) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(generations_dir(index_dir), ec)) {
        const fs::path p = entry.path();
        if (p == current || p == previous) continue;
        if (p.filename().string().rfind("building-", 0) == 0) {
            // An unfinished build of a process that is gone: its pid is in the name.
            std::string pid = p.filename().string().substr(9);
            pid = pid.substr(0, pid.find('-'));
            if (!pid.empty() && ::kill(std::atoi(pid.c_str()), 0) == 0) continue;
        }
        fs::remove_all(p, ec);
    }
}

}  // namespace

BuildStats build_index(const std::vector<std::vector<ProjectRecord>>& documents,
                       const BuildOptions& options, const JapaneseAnalyzer& analyzer) {
    const auto start = std::chrono::steady_clock::now();
    BuildStats stats;
    const fs::path index_dir = fs::absolute(options.index_dir).lexically_normal();
    fs::create_directories(generations_dir(index_dir));
    const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const std::string name = std::to_string(::getpid()) + "-" + std::to_string(stamp);
    const fs::path building = generations_dir(index_dir) / ("building-" + name);
    const fs::path generation = generations_dir(index_dir) / ("gen-" + name);
    fs::path previous;
    if (fs::is_symlink(index_dir)) previous = fs::canonical(index_dir);

    size_t total = 0;
    for (const auto& d : documents) total += d.size();
    const bool show = options.progress && ::isatty(STDERR_FILENO);
    {
        Xapian::WritableDatabase db(building.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        std::map<std::string, Xapian::valueno> extra_slots;
        unsigned ordinal = 0;
        for (const auto& records : documents) {
            ++ordinal;
            for (const auto& r : records) {
                Xapian::Document doc = schema::make_document(r, analyzer, extra_slots, ordinal);
                db.replace_document(schema::filter_term(schema::kId, r.id), doc);
                ++stats.records;
                if (show && (stats.records % 500 == 0 || stats.records == total)) {
                    double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                    double rate = stats.records / std::max(el, 1e-6);
                    std::cerr << "\rindexing " << stats.records << "/" << total << " records, "
                              << static_cast<long>(rate) << "/s, "
                              << static_cast<long>((total - stats.records) / std::max(rate, 1e-6))
                              << " s left   " << std::flush;
                }
            }
        }
        if (show) std::cerr << "\n";
        add_synonyms(db, options.synonyms, analyzer);
        db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer.version());
        db.set_metadata(std::string(schema::kMetaSynonyms), options.synonyms_digest);
        db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
        nlohmann::json slots = extra_slots;
        db.set_metadata(std::string(schema::kMetaExtraFacets), slots.dump());
        db.commit();
    }
    fs::rename(building, generation);
    switch_to(index_dir, generation);
    prune_generations(index_dir, generation, previous);
    stats.documents = documents.size();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
}

}  // namespace plan
