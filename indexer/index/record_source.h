/** @file record_source.h
 *  @brief RecordSource: where build_index pulls its records from, in batches, so a build streams
 *  (memory stays flat however large the input is).
 *
 *  In: documents already extracted (corpus), or a JSONL file / stdin read line by line.
 *  Out: PendingRecord batches; complete() turns a raw JSONL line into a record on a worker thread.
 */
#pragma once

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "project_record.h"

namespace plan {

struct PendingRecord {
    ProjectRecord record;
    std::string line;         // raw JSONL, parsed by complete(); empty when record is already set
    size_t line_no = 0;       // 1-based line in the JSONL input
    unsigned ordinal = 0;     // 1-based position of the record's document (source order)
    bool derived_id = false;  // the id is "<document>-<line>" and may need a "-n" suffix
};

class RecordSource {
  public:
    virtual ~RecordSource() = default;
    /// Append up to max items to batch; false when the input is exhausted. One thread only.
    virtual bool next(std::vector<PendingRecord>& batch, size_t max) = 0;
    /// Make item.record complete (parse its line, fill defaults); thread-safe.
    /// Throws InputError naming file:line for a bad record.
    virtual void complete(PendingRecord& item) const = 0;
    /// Records in the whole input when known (for progress), else 0.
    virtual size_t total_hint() const { return 0; }
    /// Fraction of the input read so far in [0,1], or a negative number when unknown.
    virtual double fraction_read() const { return -1; }
};

/// Documents already in memory (extracted corpus); ordinals are their positions, 1-based.
class DocumentsSource : public RecordSource {
  public:
    explicit DocumentsSource(const std::vector<std::vector<ProjectRecord>>& documents);
    bool next(std::vector<PendingRecord>& batch, size_t max) override;
    void complete(PendingRecord&) const override {}
    size_t total_hint() const override { return total_; }

  private:
    const std::vector<std::vector<ProjectRecord>>& documents_;
    size_t doc_ = 0, rec_ = 0, total_ = 0;
};

/// Records in the JSON contract, one per line, from a file or "-" (stdin), read as needed.
/// Fields a record leaves empty are filled as `plan-index extract` would: document "jsonl",
/// source = the input line, id = "<document>-<line>".
class JsonlSource : public RecordSource {
  public:
    explicit JsonlSource(const std::string& file);  // throws InputError when unreadable
    bool next(std::vector<PendingRecord>& batch, size_t max) override;
    void complete(PendingRecord& item) const override;
    double fraction_read() const override;

  private:
    std::string file_;     // as given ("-" for stdin)
    std::string display_;  // for messages: the path or <stdin>
    std::ifstream in_;
    size_t line_no_ = 0;
    double size_ = 0;
    double read_bytes_ = 0;
};

}  // namespace plan
