#include "project_record.h"

#include <algorithm>

namespace plan {

using nlohmann::json;

bool ProjectRecord::is_relisted() const {
    return std::any_of(flags.begin(), flags.end(),
                       [](const std::string& f) { return f == "再" || f == "再掲"; });
}

void to_json(json& j, const ProjectRecord& r) {
    j = json{
        {"id", r.id},
        {"city", r.city},
        {"prefecture", r.prefecture},
        {"document", {{"id", r.document.id}, {"title", r.document.title}, {"year", r.document.year}}},
        {"source",
         {{"file", r.source.file},
          {"origin", r.source.origin},
          {"line", r.source.line},
          {"end_line", r.source.end_line}}},
        {"section", r.section},
        {"goal",
         {{"goal", r.goal.goal},
          {"policy", r.goal.policy},
          {"measure", r.goal.measure},
          {"pillar", r.goal.pillar}}},
        {"name", r.name},
        {"summary", r.summary},
        {"departments", r.departments},
        {"departments_more", r.departments_more},
        {"flags", r.flags},
    };
    if (r.budget)
        j["budget"] = {{"text", r.budget->text}, {"yen", r.budget->yen}};
    else
        j["budget"] = nullptr;
    json ind = json::array();
    for (const auto& i : r.indicators)
        ind.push_back({{"kind", i.kind},
                       {"type", i.type},
                       {"name", i.name},
                       {"current", i.current},
                       {"current_year", i.current_year},
                       {"target", i.target}});
    j["indicators"] = ind;
    json det = json::array();
    for (const auto& d : r.details) det.push_back({{"label", d.label}, {"text", d.text}});
    j["details"] = det;
    j["facets"] = r.facets;
    j["attributes"] = r.attributes;
}

namespace {
std::string str(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_string()) throw std::invalid_argument(std::string("field '") + key + "' must be a string");
    return it->get<std::string>();
}
int integer(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return 0;
    if (!it->is_number_integer())
        throw std::invalid_argument(std::string("field '") + key + "' must be an integer");
    return it->get<int>();
}
std::vector<std::string> strings(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_array()) throw std::invalid_argument(std::string("field '") + key + "' must be an array");
    std::vector<std::string> out;
    for (const auto& v : *it) {
        if (!v.is_string())
            throw std::invalid_argument(std::string("field '") + key + "' must hold strings");
        out.push_back(v.get<std::string>());
    }
    return out;
}
const json& object(const json& j, const char* key) {
    static const json empty = json::object();
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return empty;
    if (!it->is_object()) throw std::invalid_argument(std::string("field '") + key + "' must be an object");
    return *it;
}
}  // namespace

void from_json(const json& j, ProjectRecord& r) {
    if (!j.is_object()) throw std::invalid_argument("a record must be a JSON object");
    r.id = str(j, "id");
    r.city = str(j, "city");
    r.prefecture = str(j, "prefecture");
    const json& d = object(j, "document");
    r.document = {str(d, "id"), str(d, "title"), integer(d, "year")};
    const json& s = object(j, "source");
    r.source = {str(s, "file"), str(s, "origin"), integer(s, "line"), integer(s, "end_line")};
    r.section = str(j, "section");
    const json& g = object(j, "goal");
    r.goal = {str(g, "goal"), str(g, "policy"), str(g, "measure"), str(g, "pillar")};
    r.name = str(j, "name");
    r.summary = str(j, "summary");
    r.departments = strings(j, "departments");
    r.departments_more = j.value("departments_more", false);
    r.flags = strings(j, "flags");
    r.budget.reset();
    if (auto it = j.find("budget"); it != j.end() && !it->is_null()) {
        if (!it->is_object()) throw std::invalid_argument("field 'budget' must be an object or null");
        long long yen = 0;
        if (auto y = it->find("yen"); y != it->end() && !y->is_null()) {
            if (!y->is_number_integer()) throw std::invalid_argument("field 'budget.yen' must be an integer");
            yen = y->get<long long>();
        }
        r.budget = Budget{str(*it, "text"), yen};
    }
    r.indicators.clear();
    if (auto it = j.find("indicators"); it != j.end() && it->is_array())
        for (const auto& i : *it)
            r.indicators.push_back({str(i, "kind"), str(i, "type"), str(i, "name"), str(i, "current"),
                                    str(i, "current_year"), str(i, "target")});
    r.details.clear();
    if (auto it = j.find("details"); it != j.end() && it->is_array())
        for (const auto& x : *it) r.details.push_back({str(x, "label"), str(x, "text")});
    r.facets.clear();
    for (auto& [k, v] : object(j, "facets").items())
        if (v.is_string()) r.facets[k] = v.get<std::string>();
    r.attributes.clear();
    for (auto& [k, v] : object(j, "attributes").items())
        if (v.is_string()) r.attributes[k] = v.get<std::string>();
    if (r.name.empty()) throw std::invalid_argument("field 'name' is required");
}

}  // namespace plan
