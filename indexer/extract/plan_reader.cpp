#include "plan_reader.h"

#include "budget_bullets_reader.h"
#include "csv_reader.h"
#include "input_error.h"
#include "jsonl_reader.h"
#include "policy_pages_reader.h"
#include "tables_reader.h"

namespace plan {

ProjectRecord DocumentInfo::new_record(int line) const {
    ProjectRecord r;
    r.city = city;
    r.prefecture = prefecture;
    r.document = {id, title, year};
    r.source = {file, origin, line, line};
    return r;
}

void ExtractReport::count(const ProjectRecord& r) {
    ++records;
    ++per_section[r.section];
    for (const auto& f : r.flags) ++flags[f];
    for (const auto& d : r.departments) departments.insert(d);
}

std::unique_ptr<PlanReader> make_reader(const std::string& layout) {
    if (layout == "tables") return std::make_unique<TablesReader>();
    if (layout == "policy-pages") return std::make_unique<PolicyPagesReader>();
    if (layout == "budget-bullets") return std::make_unique<BudgetBulletsReader>();
    if (layout == "jsonl") return std::make_unique<JsonlReader>();
    if (layout == "csv") return std::make_unique<CsvReader>();
    throw InputError("--layout", "unknown layout '" + layout +
                                     "' (known: tables, policy-pages, budget-bullets, jsonl, csv)");
}

void assign_ids(std::vector<ProjectRecord>& records) {
    std::map<std::string, int> seen;
    for (auto& r : records) {
        if (!r.id.empty()) continue;
        std::string base = r.document.id + "-" + std::to_string(r.source.line);
        int n = ++seen[base];
        r.id = n == 1 ? base : base + "-" + std::to_string(n);
    }
}

}  // namespace plan
