/** @file index_pipeline.h
 *  @brief The build pipeline: records from a RecordSource in, Xapian documents added to the
 *  ShardWriters in input order out (uncommitted tail included; finish() is the caller's).
 *
 *  The calling thread reads batches; analysis threads complete the records and turn them into
 *  documents; one writer thread adds them in input order, numbers repeated derived ids as
 *  `plan-index extract` does, commits every commit_every documents and shows the progress. At
 *  most four batches per analysis thread are in flight, so memory does not grow with the input.
 *  The first error (a bad record, a Xapian error) stops every thread and is rethrown.
 */
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "index_builder.h"
#include "index_metadata.h"
#include "project_record.h"
#include "record_source.h"
#include "shard_writers.h"

namespace plan {

/// Extra facet name -> value slot, shared by the analysis threads (a new name gets the next slot).
class FacetSlotTable {
  public:
    explicit FacetSlotTable(FacetSlots initial) : slots_(std::move(initial)) {}

    /// Make sure local knows a slot for every extra facet of r (so make_document adds none).
    void prepare(const ProjectRecord& r, FacetSlots& local);
    FacetSlots snapshot();

  private:
    std::mutex mutex_;
    FacetSlots slots_;
};

/// What the pipeline of one part of a parted build (parted_build.h) shares with the others.
/// Such a pipeline shows no progress line of its own but counts its records here, appends every
/// document (ids repeated across parts are resolved after the merge, so none are resolved
/// here), and stops reading when `stop` is set (another part failed).
struct PartLink {
    std::atomic<size_t> records{0};
    const std::atomic<bool>* stop = nullptr;
};

/// Read source to its end into writers; the stats count records and distinct documents.
BuildStats run_pipeline(RecordSource& source, const BuildOptions& options,
                        const JapaneseAnalyzer& analyzer, ShardWriters& writers,
                        FacetSlotTable& facets, PartLink* part = nullptr);

}  // namespace plan
