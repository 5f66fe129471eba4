/** @file main_entry_source.h
 *  @brief MainEntries (which documents of one opened database are a project's main entry, read
 *  once per revision) in; MainEntrySource (a Xapian posting source of weight 1 on them) out.
 *
 *  The main-entry boost ranks a project's main entry above its re-listed copies (再掲). Xapian's
 *  ValueWeightPostingSource gives it from the kSlotMainEntry value stream, but its check() for a
 *  candidate decodes the stream's chunk up to that document: about 6 % of a search's time when
 *  the pruned page probes candidates. This source answers from an in-memory bitmap instead. Local
 *  databases only (it does not serialise): over remote shards the searcher keeps Xapian's source.
 */
#pragma once

#include <xapian.h>

#include <memory>
#include <vector>

namespace plan {

/// Per docid: 1 when the document is a main entry. Built from one pass over the slot's values.
class MainEntries {
  public:
    explicit MainEntries(const Xapian::Database& db);
    bool is_main(Xapian::docid did) const { return did < marks_.size() && marks_[did]; }
    Xapian::docid size() const { return static_cast<Xapian::docid>(marks_.size()); }
    Xapian::doccount count() const { return count_; }

  private:
    std::vector<unsigned char> marks_;
    Xapian::doccount count_ = 0;
};

/// Weight 1 on every main entry, as ValueWeightPostingSource(kSlotMainEntry) gives it (the slot
/// holds sortable_serialise(1.0)).
class MainEntrySource : public Xapian::PostingSource {
  public:
    explicit MainEntrySource(std::shared_ptr<const MainEntries> entries);

    Xapian::doccount get_termfreq_min() const override { return entries_->count(); }
    Xapian::doccount get_termfreq_est() const override { return entries_->count(); }
    Xapian::doccount get_termfreq_max() const override { return entries_->count(); }
    double get_weight() const override { return 1.0; }
    void next(double min_wt) override;
    void skip_to(Xapian::docid did, double min_wt) override;
    bool check(Xapian::docid did, double min_wt) override;
    bool at_end() const override { return did_ >= entries_->size(); }
    Xapian::docid get_docid() const override { return did_; }
    void init(const Xapian::Database& db) override;
    MainEntrySource* clone() const override { return new MainEntrySource(entries_); }
    std::string get_description() const override { return "MainEntrySource()"; }

  private:
    void advance_from(Xapian::docid did);

    std::shared_ptr<const MainEntries> entries_;
    Xapian::docid did_ = 0;
};

}  // namespace plan
