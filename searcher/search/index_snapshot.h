/** @file index_snapshot.h
 *  @brief IndexSnapshot: one revision of an opened index in; what searchers derive from it once
 *  and share out (facet ordinals, main entries, filter values with their normalized forms).
 *
 *  Every request thread has a PlanSearcher of its own (Xapian::Database is not thread-safe), but
 *  what they derive from the same revision is the same: it is built once, by the first searcher
 *  that needs it, from that searcher's own Database handle, and then read-only. A new revision
 *  gets a new snapshot; the old one goes when its last searcher lets go of it.
 */
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "facets.h"
#include "main_entry_source.h"

namespace plan {

class IndexSnapshot {
  public:
    /// The shared snapshot of one database revision; key: the database's UUID and revision.
    static std::shared_ptr<IndexSnapshot> of(const std::string& key);

    /// Facet ordinals of every facet in defs, read from db on the first call.
    std::shared_ptr<const FacetOrdinals> facet_ordinals(const Xapian::Database& db,
                                                        const std::vector<FacetDefinition>& defs);

    /// Which documents are main entries, read from db on the first call.
    std::shared_ptr<const MainEntries> main_entries(const Xapian::Database& db);

    struct FilterValue {
        std::string term;        // the indexed term, prefix included
        std::string normalized;  // its value as the analyzer normalizes it
    };
    /// Every indexed term under prefix with its normalized value, listed on the first call.
    const std::vector<FilterValue>& filter_values(
        const Xapian::Database& db, const std::string& prefix,
        const std::function<std::string(const std::string&)>& normalize);

  private:
    std::mutex mutex_;
    std::shared_ptr<const FacetOrdinals> ordinals_;
    std::shared_ptr<const MainEntries> main_entries_;
    std::map<std::string, std::vector<FilterValue>> filter_values_;  // never changed once added
};

}  // namespace plan
