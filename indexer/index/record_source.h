/** @file record_source.h
 *  @brief RecordSource: where build_index pulls its records from, in batches, so a build streams
 *  (memory stays flat however large the input is).
 *
 *  In: documents already extracted (corpus), or a JSONL file / stdin read line by line.
 *  Out: PendingRecord batches; complete() turns a raw JSONL line into a record on a worker thread;
 *  split() cuts the input into contiguous ranges that separate builds can read at once.
 */
#pragma once

#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
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
    /// Fraction of the input read so far in [0,1], or a negative number when unknown. May be
    /// called from another thread than next()'s.
    virtual double fraction_read() const { return -1; }
    /// At most max_parts sources over contiguous ranges of this input, in input order, which
    /// together yield exactly its records (same lines, ordinals and messages), each of about
    /// min_records records or more; empty when the input cannot be split (stdin) or is too small
    /// for two parts. Call before next().
    virtual std::vector<std::unique_ptr<RecordSource>> split(unsigned max_parts,
                                                             size_t min_records) const {
        (void)max_parts;
        (void)min_records;
        return {};
    }
};

/// Documents already in memory (extracted corpus); ordinals are their positions, 1-based.
class DocumentsSource : public RecordSource {
  public:
    explicit DocumentsSource(const std::vector<std::vector<ProjectRecord>>& documents);
    bool next(std::vector<PendingRecord>& batch, size_t max) override;
    void complete(PendingRecord&) const override {}
    size_t total_hint() const override { return total_; }
    std::vector<std::unique_ptr<RecordSource>> split(unsigned max_parts,
                                                     size_t min_records) const override;

  private:
    /// The records from the first-th to the last-th (0-based, over all documents).
    DocumentsSource(const std::vector<std::vector<ProjectRecord>>& documents, size_t first,
                    size_t last);

    const std::vector<std::vector<ProjectRecord>>& documents_;
    size_t doc_ = 0, rec_ = 0, total_ = 0, left_ = 0;
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
    /// Byte ranges of about equal size, each starting at a line; not for stdin.
    std::vector<std::unique_ptr<RecordSource>> split(unsigned max_parts,
                                                     size_t min_records) const override;
    static constexpr size_t kBytesPerRecord = 500;  // about, in the JSON contract

  private:
    /// The lines starting in [begin, end) of file; the first is line first_line_no + 1.
    JsonlSource(const std::string& file, size_t begin, size_t end, size_t first_line_no);

    std::string file_;     // as given ("-" for stdin)
    std::string display_;  // for messages: the path or <stdin>
    std::ifstream in_;
    size_t line_no_ = 0;
    size_t begin_ = 0;                    // first byte of this source's range
    size_t end_ = SIZE_MAX;               // one past its last byte (the file's size)
    std::atomic<size_t> read_bytes_ = 0;  // from begin_
};

}  // namespace plan
