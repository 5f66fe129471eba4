#include "build_progress.h"

#include <algorithm>
#include <iostream>

namespace plan {

BuildProgress::BuildProgress(bool show, const RecordSource& source)
    : BuildProgress(
          show, [&source] { return source.fraction_read(); }, source.total_hint()) {}

BuildProgress::BuildProgress(bool show, std::function<double()> fraction, size_t total)
    : show_(show), fraction_(std::move(fraction)), total_(total) {}

void BuildProgress::update(size_t records, bool force) {
    if (!show_) return;
    const double el =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (!force && el - last_ < 0.25) return;
    last_ = el;
    const double rate = records / std::max(el, 1e-6);
    const double fraction = total_ ? double(records) / double(total_) : fraction_();
    std::cerr << "\rindexing " << records;
    if (total_) std::cerr << "/" << total_;
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

void BuildProgress::phase(const std::string& what) {
    if (!show_) return;
    // Pad over a longer earlier text on the same line.
    std::cerr << "\r" << what << std::string(what.size() < 60 ? 60 - what.size() : 0, ' ')
              << std::flush;
}

void BuildProgress::end_phase() {
    if (show_) std::cerr << "\n";
}

}  // namespace plan
