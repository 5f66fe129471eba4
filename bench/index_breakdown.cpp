// index_breakdown: where an index's bytes go, so its size per record can be explained term family
// by term family (issue 10 asks which terms cost what).
//   ./build-bench/bench/index_breakdown INDEX
// Prints, per term prefix (W words, K compounds, R readings, B bigrams, N name terms, X… filters,
// Q ids): distinct terms, postings (documents × terms) and positions; then the bytes of each
// Xapian table of every shard. Postings are what the postlist and termlist tables hold, so a
// family's share of postings is its share of those two tables.
#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

namespace {

std::string family_of(const std::string& term) {
    if (term.empty()) return "?";
    if (term[0] == 'X' && term.size() > 1) return term.substr(0, 2);
    return term.substr(0, 1);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: index_breakdown INDEX\n");
        return 2;
    }
    try {
        const Xapian::Database db(argv[1]);
        struct Counts {
            size_t terms = 0, postings = 0, positions = 0;
        };
        std::map<std::string, Counts> by_family;
        size_t postings = 0;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
            Counts& c = by_family[family_of(*t)];
            ++c.terms;
            c.postings += t.get_termfreq();
            postings += t.get_termfreq();
            if ((*t)[0] == 'W') c.positions += db.get_collection_freq(*t);
        }
        const double docs = db.get_doccount();
        std::printf("%s: %.0f records, %zu postings (%.1f per record)\n", argv[1], docs, postings,
                    postings / docs);
        std::printf("%-8s %12s %14s %9s %14s\n", "prefix", "terms", "postings", "share", "positions");
        for (const auto& [family, c] : by_family)
            std::printf("%-8s %12zu %14zu %8.1f%% %14zu\n", family.c_str(), c.terms, c.postings,
                        100.0 * c.postings / postings, c.positions);
        std::map<std::string, uintmax_t> table_bytes;
        const auto root = std::filesystem::canonical(argv[1]);
        for (const auto& e : std::filesystem::recursive_directory_iterator(root))
            if (e.is_regular_file() && e.path().extension() == ".glass")
                table_bytes[e.path().stem().string()] += e.file_size();
        uintmax_t total = 0;
        for (const auto& [table, bytes] : table_bytes) total += bytes;
        std::printf("%-10s %14s %14s\n", "table", "bytes", "bytes/record");
        for (const auto& [table, bytes] : table_bytes)
            std::printf("%-10s %14ju %14.0f\n", table.c_str(), bytes, bytes / docs);
        std::printf("%-10s %14ju %14.0f\n", "all", total, total / docs);
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "index_breakdown: %s\n", e.get_description().c_str());
        return 4;
    }
    return 0;
}
