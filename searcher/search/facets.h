/** @file facets.h
 *  @brief Facet counting: FacetDefinitions of an index in, FacetCounts out.
 *
 *  Two counters with identical results:
 *  - FacetOrdinals + OrdinalFacetSpy (local databases): every facet slot's values are read once
 *    per opened index into per-docid ordinal arrays; one spy then counts all requested facets
 *    with a few array reads per match (`counts[ord[docid]]++`) instead of one value-stream seek
 *    and std::map update per slot (Xapian's ValueCountMatchSpy: ~150 ns per slot and match).
 *  - FacetSpies: Xapian's own ValueCountMatchSpy per slot. Stock spies serialise, so they are the
 *    path for remote shards (xapian-tcpsrv), where a custom spy cannot run.
 *  Multi-valued facets (department, flag) span several slots, each holding one value per record;
 *  the per-slot counts add up exactly.
 */
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

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

/// Counts per facet value, indexed like FacetOrdinals' values, turned into FacetCounts order:
/// most frequent first, equal counts by value.
std::vector<FacetValue> ranked_facet_values(const std::vector<std::string>& values,
                                            const std::vector<uint64_t>& counts);

/// Every facet value of every document of one opened database as small integers, built once
/// (one pass over each slot's value stream) and then read-only: shareable across threads.
class FacetOrdinals {
  public:
    FacetOrdinals(const Xapian::Database& db, const std::vector<FacetDefinition>& defs);

    struct Facet {
        std::string name;
        std::vector<std::string> values;  // ordinal - 1 -> value as reported (last level applied)
        // One slot: ord[docid] (0: none). Several: the ordinals of docid are
        // multi[start[docid]] .. multi[start[docid + 1]] (CSR), one per slot that holds a value.
        std::vector<uint32_t> ord;
        std::vector<uint32_t> start, multi;
    };
    const std::vector<Facet>& facets() const { return facets_; }
    /// Index of the facet called name in facets(), or -1.
    int find(const std::string& name) const;
    size_t memory_bytes() const;

  private:
    std::vector<Facet> facets_;
};

/// One match spy counting the chosen facets of FacetOrdinals for every match it sees. Local
/// databases only (it does not serialise); the ordinals must come from the searched database.
class OrdinalFacetSpy : public Xapian::MatchSpy {
  public:
    OrdinalFacetSpy(std::shared_ptr<const FacetOrdinals> ordinals,
                    const std::vector<std::string>& names);
    void operator()(const Xapian::Document& doc, double wt) override;
    FacetCounts counts() const;

  private:
    std::shared_ptr<const FacetOrdinals> ordinals_;
    std::vector<const FacetOrdinals::Facet*> facets_;
    std::vector<std::vector<uint64_t>> counts_;  // per chosen facet, per ordinal (0: none)
};

/// Xapian's ValueCountMatchSpy per slot: the facet counter for remote shards.
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
