/** @file facets.h
 *  @brief FacetSpies: Xapian's own ValueCountMatchSpy per facet slot, attached to an Enquire,
 *  read back as FacetCounts. Stock spies (not custom ones) so counting also runs over sharded
 *  and remote databases. Multi-valued facets (department, flag) span several slots, each
 *  holding one value per record, so the per-slot counts add up exactly.
 */
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "search_request.h"

namespace plan {

struct FacetDefinition {
    std::string name;
    std::vector<Xapian::valueno> slots;
    bool last_level = false;  // value holds goal\x1fpolicy…: report the last level
};

/// The facets of an index: the fixed ones plus extra facets declared by data sources.
/// Slots that no document of `db` uses are left out: every spy reads its slot for every match.
std::vector<FacetDefinition> facet_definitions(const std::map<std::string, Xapian::valueno>& extra,
                                               const Xapian::Database& db);

class FacetSpies {
public:
    explicit FacetSpies(std::vector<FacetDefinition> defs);
    void attach(Xapian::Enquire& enquire);
    FacetCounts counts() const;

private:
    std::vector<FacetDefinition> defs_;
    std::vector<std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>> spies_;
};

}  // namespace plan
