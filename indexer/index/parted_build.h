/** @file parted_build.h
 *  @brief A build with a writer per core (unsharded indexes): the input is split into
 *  contiguous ranges (RecordSource::split), each range goes through a pipeline of its own into a
 *  database of its own, all at once, and Xapian's compaction merges the databases in range order,
 *  so document ids follow the input exactly as with one writer. Ids repeated in the input are
 *  then resolved as one writer resolves them, and the synonym map and metadata are stored.
 *
 *  Why: Xapian's writer (its inverter, one std::map of postings per database) is single-threaded
 *  and was two thirds of a build; compaction of the parts costs a few per cent of that.
 *
 *  In: a RecordSource, the options, a scratch folder for the parts (removed once merged).
 *  Out: one compacted, writable database at `folder` (plan-index add/remove update it in place).
 */
#pragma once

#include <filesystem>

#include "index_builder.h"

namespace plan {

BuildStats build_parted(RecordSource& source, const BuildOptions& options,
                        const JapaneseAnalyzer& analyzer, const std::filesystem::path& folder,
                        const std::filesystem::path& scratch);

}  // namespace plan
