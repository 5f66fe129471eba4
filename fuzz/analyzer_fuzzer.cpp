// Fuzz target: JapaneseAnalyzer::analyze on arbitrary bytes (invalid UTF-8 included).
// It must never crash, and every byte offset it reports must lie inside the original text,
// because snippets cut the original text at those offsets.
#include <cstdlib>
#include <iostream>

#include "japanese_analyzer.h"

namespace {
void check_range(size_t begin, size_t end, size_t size, const char* what) {
    if (begin > end || end > size) {
        std::cerr << what << " offsets [" << begin << ", " << end << ") outside text of " << size
                  << " bytes\n";
        std::abort();
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const plan::JapaneseAnalyzer& analyzer = plan::default_analyzer();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    plan::Analysis a = analyzer.analyze(text);
    for (const auto& t : a.tokens) check_range(t.begin, t.end, size, "token");
    for (const auto& t : a.terms) check_range(t.begin, t.end, size, "term");
    (void)analyzer.normalize(text);
    return 0;
}
