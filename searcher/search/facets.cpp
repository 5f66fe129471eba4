#include "facets.h"

#include <algorithm>
#include <unordered_map>

#include "facet_table.h"
#include "index_schema.h"

namespace plan {

std::vector<FacetDefinition> facet_definitions(const std::map<std::string, Xapian::valueno>& extra,
                                               const Xapian::Database& db) {
    std::vector<FacetDefinition> defs;
    for (const auto& f : schema::facet_fields()) {
        if (!f.facet) continue;
        FacetDefinition d{std::string(f.name), {}, f.last_level};
        for (unsigned i = 0; i < f.slot_count; ++i) d.slots.push_back(f.first_slot + i);
        defs.push_back(std::move(d));
    }
    for (const auto& [name, slot] : extra) defs.push_back({name, {slot}, false});
    for (auto& d : defs) {
        std::vector<Xapian::valueno> used;
        for (auto slot : d.slots)
            if (db.get_value_freq(slot) > 0) used.push_back(slot);
        if (!used.empty() || d.slots.size() == 1) d.slots = used.empty() ? d.slots : used;
    }
    return defs;
}

std::vector<FacetValue> ranked_facet_values(const std::vector<std::string>& values,
                                            const std::vector<uint64_t>& counts) {
    std::vector<FacetValue> out;
    for (size_t i = 0; i < values.size(); ++i)
        if (counts[i + 1] > 0) out.push_back({values[i], counts[i + 1]});
    std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
}

// ---- FacetOrdinals ----

namespace {

/// Values as the facet reports them, numbered from 1 in order of first appearance.
class ValueNumbering {
  public:
    explicit ValueNumbering(bool last_level) : last_level_(last_level) {}
    uint32_t number(const std::string& stored) {
        const std::string v = last_level_ ? schema::last_level(stored) : stored;
        auto [it, added] = numbers_.try_emplace(v, static_cast<uint32_t>(values_.size() + 1));
        if (added) values_.push_back(v);
        return it->second;
    }
    std::vector<std::string> take_values() { return std::move(values_); }

  private:
    bool last_level_;
    std::unordered_map<std::string, uint32_t> numbers_;
    std::vector<std::string> values_;
};

// Stored values that are empty are no facet value (as ValueCountMatchSpy's readers skip them).
FacetOrdinals::Facet read_facet(const Xapian::Database& db, const FacetDefinition& def) {
    FacetOrdinals::Facet f;
    f.name = def.name;
    const Xapian::docid last = db.get_lastdocid();
    ValueNumbering numbering(def.last_level);
    if (def.slots.size() == 1) {
        f.ord.assign(last + 1, 0);
        const auto slot = def.slots[0];
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it)
            if (!(*it).empty()) f.ord[it.get_docid()] = numbering.number(*it);
    } else {
        // (docid, ordinal) pairs of every slot, then laid out by docid (a counting sort).
        std::vector<std::pair<Xapian::docid, uint32_t>> pairs;
        for (auto slot : def.slots)
            for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it)
                if (!(*it).empty()) pairs.emplace_back(it.get_docid(), numbering.number(*it));
        f.start.assign(last + 2, 0);
        for (const auto& p : pairs) ++f.start[p.first + 1];
        for (size_t d = 1; d < f.start.size(); ++d) f.start[d] += f.start[d - 1];
        f.multi.resize(pairs.size());
        std::vector<uint32_t> next(f.start.begin(), f.start.end() - 1);
        for (const auto& p : pairs) f.multi[next[p.first]++] = p.second;
    }
    f.values = numbering.take_values();
    return f;
}

}  // namespace

FacetOrdinals::FacetOrdinals(const Xapian::Database& db, const std::vector<FacetDefinition>& defs) {
    for (const auto& d : defs) facets_.push_back(read_facet(db, d));
}

int FacetOrdinals::find(const std::string& name) const {
    for (size_t i = 0; i < facets_.size(); ++i)
        if (facets_[i].name == name) return static_cast<int>(i);
    return -1;
}

size_t FacetOrdinals::memory_bytes() const {
    size_t n = 0;
    for (const auto& f : facets_) {
        n += (f.ord.size() + f.start.size() + f.multi.size()) * sizeof(uint32_t);
        for (const auto& v : f.values) n += v.size() + sizeof(std::string);
    }
    return n;
}

// ---- OrdinalFacetSpy ----

OrdinalFacetSpy::OrdinalFacetSpy(std::shared_ptr<const FacetOrdinals> ordinals,
                                 const std::vector<std::string>& names)
    : ordinals_(std::move(ordinals)) {
    for (const auto& name : names) {
        const int i = ordinals_->find(name);
        if (i < 0) continue;
        facets_.push_back(&ordinals_->facets()[static_cast<size_t>(i)]);
        counts_.emplace_back(facets_.back()->values.size() + 1, 0);
    }
}

void OrdinalFacetSpy::operator()(const Xapian::Document& doc, double) {
    const Xapian::docid did = doc.get_docid();
    for (size_t i = 0; i < facets_.size(); ++i) {
        const FacetOrdinals::Facet& f = *facets_[i];
        uint64_t* c = counts_[i].data();
        if (!f.ord.empty()) {
            ++c[f.ord[did]];
        } else {
            for (uint32_t k = f.start[did]; k < f.start[did + 1]; ++k) ++c[f.multi[k]];
        }
    }
}

FacetCounts OrdinalFacetSpy::counts() const {
    FacetCounts out;
    for (size_t i = 0; i < facets_.size(); ++i)
        out[facets_[i]->name] = ranked_facet_values(facets_[i]->values, counts_[i]);
    return out;
}

// ---- FacetSpies ----

FacetSpies::FacetSpies(std::vector<FacetDefinition> defs) : defs_(std::move(defs)) {
    for (const auto& d : defs_) {
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> v;
        for (auto slot : d.slots) v.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        spies_.push_back(std::move(v));
    }
}

void FacetSpies::attach(Xapian::Enquire& enquire) {
    for (auto& v : spies_)
        for (auto& s : v) enquire.add_matchspy(s.get());
}

FacetCounts FacetSpies::counts() const {
    FacetCounts out;
    for (size_t i = 0; i < defs_.size(); ++i) {
        ValueNumbering numbering(defs_[i].last_level);
        std::vector<uint64_t> counts(1, 0);
        for (const auto& spy : spies_[i])
            for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
                if ((*it).empty()) continue;
                const uint32_t n = numbering.number(*it);
                if (n >= counts.size()) counts.resize(n + 1, 0);
                counts[n] += it.get_termfreq();
            }
        out[defs_[i].name] = ranked_facet_values(numbering.take_values(), counts);
    }
    return out;
}

}  // namespace plan
