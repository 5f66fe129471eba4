/** @file build_progress.h
 *  @brief BuildProgress: records indexed so far in, one self-overwriting line on stderr out
 *  ("indexing 500/1057 records, 812/s, 1 s left"), at most four times a second; then the later
 *  phases of the build ("merging 2 parts: postlist").
 *
 *  The total and the time left come from the input (its record count, or the share of it read).
 *  Shows nothing unless asked to (plan-index shows it on a terminal only).
 */
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "record_source.h"

namespace plan {

class BuildProgress {
  public:
    /// Progress through source (its total_hint, else its fraction_read).
    BuildProgress(bool show, const RecordSource& source);
    /// fraction: the share of the input read, negative when unknown; total: records, 0 unknown.
    BuildProgress(bool show, std::function<double()> fraction, size_t total);

    /// Redraw the line if a quarter second has passed since the last one (or force).
    void update(size_t records, bool force = false);

    /// The final count, and the end of the line.
    void done(size_t records);

    /// A later phase, drawn over the same line (ended by done() or the next phase's end()).
    void phase(const std::string& what);
    /// End the phase's line.
    void end_phase();

  private:
    bool show_;
    std::function<double()> fraction_;
    size_t total_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    double last_ = -1;
};

}  // namespace plan
