/** @file build_progress.h
 *  @brief BuildProgress: records indexed so far in, one self-overwriting line on stderr out
 *  ("indexing 500/1057 records, 812/s, 1 s left"), at most four times a second.
 *
 *  The total and the time left come from the RecordSource (its record count, or the share of the
 *  input read). Shows nothing unless asked to (plan-index shows it on a terminal only).
 */
#pragma once

#include <chrono>
#include <cstddef>

#include "record_source.h"

namespace plan {

class BuildProgress {
  public:
    BuildProgress(bool show, const RecordSource& source) : show_(show), source_(source) {}

    /// Redraw the line if a quarter second has passed since the last one (or force).
    void update(size_t records, bool force = false);

    /// The final count, and the end of the line.
    void done(size_t records);

  private:
    bool show_;
    const RecordSource& source_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    double last_ = -1;
};

}  // namespace plan
