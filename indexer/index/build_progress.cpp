#include "build_progress.h"

#include <algorithm>
#include <iostream>

namespace plan {

void BuildProgress::update(size_t records, bool force) {
    if (!show_) return;
    const double el =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!force && el - last_ < 0.25) return;
    last_ = el;
    const double rate = records / std::max(el, 1e-6);
    double fraction = source_.fraction_read();
    if (source_.total_hint()) fraction = double(records) / double(source_.total_hint());
    std::cerr << "\rindexing " << records;
    if (source_.total_hint()) std::cerr << "/" << source_.total_hint();
    std::cerr << " records, " << static_cast<long>(rate) << "/s";
    if (fraction > 0.001)
        std::cerr << ", " << static_cast<long>(el * (1 - fraction) / fraction) << " s left";
    std::cerr << "   " << std::flush;
}

void BuildProgress::done(size_t records) {
    if (!show_) return;
    update(records, true);
    std::cerr << "\n";
}

}  // namespace plan
