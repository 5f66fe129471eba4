#include "facets.h"

#include <algorithm>

#include "index_schema.h"

namespace plan {

std::vector<FacetDefinition> facet_definitions(const std::map<std::string, Xapian::valueno>& extra,
                                               const Xapian::Database& db) {
    using namespace schema;
    std::vector<FacetDefinition> defs = {
        {"city", {kSlotCity}, false},       {"prefecture", {kSlotPrefecture}, false},
        {"document", {kSlotDocument}, false}, {"section", {kSlotSection}, false},
        {"goal", {kSlotGoal}, false},       {"policy", {kSlotPolicy}, true},
        {"measure", {kSlotMeasure}, true},
    };
    FacetDefinition dept{"department", {}, false}, flag{"flag", {}, false};
    for (unsigned i = 0; i < kMaxDepartmentSlots; ++i) dept.slots.push_back(kSlotDepartmentFirst + i);
    for (unsigned i = 0; i < kMaxFlagSlots; ++i) flag.slots.push_back(kSlotFlagFirst + i);
    defs.push_back(dept);
    defs.push_back(flag);
    for (const auto& [name, slot] : extra) defs.push_back({name, {slot}, false});
    for (auto& d : defs) {
        std::vector<Xapian::valueno> used;
        for (auto slot : d.slots)
            if (db.get_value_freq(slot) > 0) used.push_back(slot);
        if (!used.empty() || d.slots.size() == 1) d.slots = used.empty() ? d.slots : used;
    }
    return defs;
}

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
        std::map<std::string, size_t> sum;
        for (const auto& spy : spies_[i])
            for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
                std::string v = *it;
                if (v.empty()) continue;
                if (defs_[i].last_level) v = schema::last_level(v);
                sum[v] += it.get_termfreq();
            }
        std::vector<FacetValue> values;
        for (auto& [v, n] : sum) values.push_back({v, n});
        std::stable_sort(values.begin(), values.end(),
                         [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
        out[defs_[i].name] = std::move(values);
    }
    return out;
}

}  // namespace plan
