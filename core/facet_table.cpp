#include "facet_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "index_schema.h"

namespace plan::schema {

namespace {

// A single value: its term when non-empty, its slot value as it is (an empty one sets nothing).
FacetEntries single(const std::string& value) {
    FacetEntries e;
    if (!value.empty()) e.terms.push_back(value);
    e.values.push_back(value);
    return e;
}

// A value whose filter term is written even when empty (as the index always has).
FacetEntries always(const std::string& value) { return {{value}, {value}}; }

FacetEntries city(const ProjectRecord& r) { return always(r.city); }
FacetEntries prefecture(const ProjectRecord& r) { return single(r.prefecture); }
FacetEntries document(const ProjectRecord& r) { return always(r.document.id); }

FacetEntries year(const ProjectRecord& r) {
    FacetEntries e;
    if (r.document.year) e.terms.push_back(std::to_string(r.document.year));
    e.values.push_back(Xapian::sortable_serialise(r.document.year));
    return e;
}

FacetEntries department(const ProjectRecord& r) {
    FacetEntries e{r.departments, {}};
    // A record names a department once, so the slots' counts add up exactly.
    for (const auto& d : r.departments)
        if (std::find(e.values.begin(), e.values.end(), d) == e.values.end()) e.values.push_back(d);
    return e;
}

FacetEntries flag(const ProjectRecord& r) { return {r.flags, r.flags}; }
FacetEntries goal(const ProjectRecord& r) { return single(r.goal.goal); }

FacetEntries policy(const ProjectRecord& r) {
    if (r.goal.policy.empty()) return {};
    return {{r.goal.policy}, {join_levels({r.goal.goal, r.goal.policy})}};
}

FacetEntries measure(const ProjectRecord& r) {
    if (r.goal.measure.empty()) return {};
    return {{r.goal.measure}, {join_levels({r.goal.goal, r.goal.policy, r.goal.measure})}};
}

FacetEntries section(const ProjectRecord& r) { return single(r.section); }

}  // namespace

const std::vector<FacetField>& facet_fields() {
    // clang-format off
    static const std::vector<FacetField> table = {
    //   name          prefix       slot(s)                                 filter facet  last   param   aliases      cli                    term. web title
        {"city",       kCity,       kSlotCity,       1,                     true,  true,  false, "",     {"市"},      "--city",              1, "市",                city},
        {"prefecture", kPrefecture, kSlotPrefecture, 1,                     true,  true,  false, "",     {},          "--prefecture",        0, "",                  prefecture},
        {"document",   kDocument,   kSlotDocument,   1,                     true,  true,  false, "",     {"doc"},     "--document",          2, "",                  document},
        {"year",       kYear,       kSlotYear,       1,                     true,  false, false, "",     {},          "--year",              0, "",                  year},
        {"department", kDepartment, kSlotDepartmentFirst, kMaxDepartmentSlots, true, true, false, "dept", {"所管課"}, "--dept,--department", 5, "担当課",            department},
        {"flag",       kFlag,       kSlotFlagFirst,  kMaxFlagSlots,         true,  true,  false, "",     {},          "--flag",              4, "区分 (新・拡 など)", flag},
        {"goal",       kGoal,       kSlotGoal,       1,                     true,  true,  false, "",     {},          "--goal",              6, "目標",              goal},
        {"policy",     kPolicy,     kSlotPolicy,     1,                     true,  true,  true,  "",     {},          "--policy",            7, "",                  policy},
        {"measure",    kMeasure,    kSlotMeasure,    1,                     true,  true,  true,  "",     {},          "--measure",           0, "",                  measure},
        {"section",    kSection,    kSlotSection,    1,                     true,  true,  false, "",     {},          "--section",           3, "",                  section},
    };
    // clang-format on
    return table;
}

const FacetField* find_facet_field(std::string_view name) {
    for (const auto& f : facet_fields()) {
        if (f.name == name || (!f.param_alias.empty() && f.param_alias == name)) return &f;
        if (std::find(f.aliases.begin(), f.aliases.end(), name) != f.aliases.end()) return &f;
    }
    return nullptr;
}

std::vector<std::string> filter_parameters() {
    std::vector<std::string> out;
    for (const auto& f : facet_fields()) {
        if (!f.filter) continue;
        if (!f.param_alias.empty()) out.emplace_back(f.param_alias);
        out.emplace_back(f.name);
    }
    return out;
}

std::string web_facets_script() {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& f : facet_fields())
        if (!f.web_title.empty())
            rows.push_back({{"param", f.param_alias.empty() ? f.name : f.param_alias},
                            {"facet", f.name},
                            {"title", f.web_title}});
    return "// The page's facets, from the searcher's facet table (core/facet_table.cpp).\n"
           "'use strict';\nconst FACETS = " +
           rows.dump() + ";\n";
}

}  // namespace plan::schema
