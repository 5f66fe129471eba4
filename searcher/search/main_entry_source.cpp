#include "main_entry_source.h"

#include "index_schema.h"

namespace plan {

MainEntries::MainEntries(const Xapian::Database& db) : marks_(db.get_lastdocid() + 1, 0) {
    for (auto it = db.valuestream_begin(schema::kSlotMainEntry);
         it != db.valuestream_end(schema::kSlotMainEntry); ++it)
        if (Xapian::sortable_unserialise(*it) > 0) {
            marks_[it.get_docid()] = 1;
            ++count_;
        }
}

MainEntrySource::MainEntrySource(std::shared_ptr<const MainEntries> entries)
    : entries_(std::move(entries)) {}

void MainEntrySource::init(const Xapian::Database&) {
    did_ = 0;
    set_maxweight(entries_->count() ? 1.0 : 0.0);
}

// The first main entry at or after did (at_end() when there is none).
void MainEntrySource::advance_from(Xapian::docid did) {
    const Xapian::docid end = entries_->size();
    while (did < end && !entries_->is_main(did)) ++did;
    did_ = did;
}

void MainEntrySource::next(double min_wt) {
    if (min_wt > 1.0) {
        did_ = entries_->size();
        return;
    }
    advance_from(did_ + 1);
}

void MainEntrySource::skip_to(Xapian::docid did, double min_wt) {
    if (min_wt > 1.0) {
        did_ = entries_->size();
        return;
    }
    if (did <= did_) {
        if (entries_->is_main(did_)) return;  // already there
        did = did_ + 1;                        // after a check() that found nothing
    }
    advance_from(did);
}

// O(1), where a value stream decodes its chunk up to did. A document that is not a main entry
// leaves the source at an indeterminate position (false), which next() continues from.
bool MainEntrySource::check(Xapian::docid did, double min_wt) {
    if (min_wt > 1.0) {
        did_ = entries_->size();
        return true;
    }
    did_ = did;
    return entries_->is_main(did);
}

}  // namespace plan
