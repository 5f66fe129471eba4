// analyzer_throughput: the analyzer's throughput on the corpus text, and its cost relative to
// raw MeCab parsing of the same lines with the same dictionaries in the same run (target: the
// analyzer costs at most 1.5x raw MeCab).
//   ./build/bench/analyzer_throughput [corpus-dir] [rounds]
#include <mecab.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "japanese_analyzer.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> corpus_lines(const std::filesystem::path& dir, size_t& bytes) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> lines;
    bytes = 0;
    for (const auto& f : files) {
        std::ifstream in(f);
        for (std::string l; std::getline(in, l);)
            if (!l.empty()) {
                bytes += l.size();
                lines.push_back(std::move(l));
            }
    }
    return lines;
}

// Raw MeCab: parse each line and walk its nodes, touching surface and features.
size_t run_mecab(MeCab::Model* model, MeCab::Tagger* tagger, const std::vector<std::string>& lines) {
    size_t sink = 0;
    MeCab::Lattice* lattice = model->createLattice();
    for (const auto& l : lines) {
        lattice->set_sentence(l.c_str());
        tagger->parse(lattice);
        for (const MeCab::Node* n = lattice->bos_node(); n; n = n->next)
            sink += n->length + static_cast<unsigned char>(n->feature[0]);
    }
    delete lattice;
    return sink;
}

size_t run_normalizer(const plan::TextNormalizer& normalizer, const std::vector<std::string>& lines) {
    size_t sink = 0;
    for (const auto& l : lines) sink += normalizer.normalize(l).text.size();
    return sink;
}

size_t run_analyzer(const plan::JapaneseAnalyzer& analyzer, const std::vector<std::string>& lines) {
    size_t sink = 0;
    for (const auto& l : lines) sink += analyzer.analyze(l).terms.size();
    return sink;
}

template <typename F>
double seconds(F&& f, size_t& sink) {
    auto t0 = Clock::now();
    sink += f();
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path dir = argc > 1 ? argv[1] : std::string(PLAN_SEARCH_SOURCE_DIR) + "/corpus";
    const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 10;
    size_t bytes = 0;
    const auto lines = corpus_lines(dir, bytes);
    if (lines.empty()) {
        std::fprintf(stderr, "analyzer_throughput: no *.txt lines in %s\n", dir.c_str());
        return 3;
    }
    const plan::AnalyzerOptions options = plan::AnalyzerOptions::defaults();
    const plan::JapaneseAnalyzer analyzer(options);
    std::string args;
    if (!options.system_dict_dir.empty()) args += " -d " + options.system_dict_dir;
    if (!options.user_dict.empty()) args += " -u " + options.user_dict;
    MeCab::Model* model = MeCab::createModel(args.c_str());
    if (!model) {
        std::fprintf(stderr, "analyzer_throughput: %s\n", MeCab::getLastError());
        return 4;
    }
    MeCab::Tagger* tagger = model->createTagger();

    // Warm up, then the best of `rounds` alternating runs of each.
    size_t sink = run_mecab(model, tagger, lines) + run_analyzer(analyzer, lines);
    const plan::TextNormalizer normalizer;
    double best_mecab = 1e9, best_analyzer = 1e9, best_normalizer = 1e9;
    for (int r = 0; r < rounds; ++r) {
        best_normalizer =
            std::min(best_normalizer, seconds([&] { return run_normalizer(normalizer, lines); }, sink));
        best_mecab = std::min(best_mecab, seconds([&] { return run_mecab(model, tagger, lines); }, sink));
        best_analyzer = std::min(best_analyzer, seconds([&] { return run_analyzer(analyzer, lines); }, sink));
    }
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf("corpus: %s (%zu lines, %.3f MB), best of %d rounds, analyzer %s\n", dir.c_str(),
                lines.size(), mb, rounds, analyzer.version().c_str());
    std::printf("raw MeCab parse : %8.2f ms  %7.2f MB/s\n", best_mecab * 1e3, mb / best_mecab);
    std::printf("analyzer        : %8.2f ms  %7.2f MB/s\n", best_analyzer * 1e3, mb / best_analyzer);
    std::printf("  of which ICU normalization alone: %.2f ms (%.2fx raw MeCab)\n", best_normalizer * 1e3,
                best_normalizer / best_mecab);
    std::printf("analyzer / raw MeCab = %.2fx (target <= 1.50x)%s\n", best_analyzer / best_mecab,
                sink == 0 ? " " : "");
    delete tagger;
    delete model;
    return 0;
}
