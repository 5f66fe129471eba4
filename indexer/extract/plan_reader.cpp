#include "plan_reader.h"

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
