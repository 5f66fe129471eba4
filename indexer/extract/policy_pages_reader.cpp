// First-pass reader for the 須坂市 policy pages: one record per 取組項目 with its ◇ items.
#include "policy_pages_reader.h"

#include <regex>

#include "text_cleanup.h"

namespace plan {

std::vector<ProjectRecord> PolicyPagesReader::read(const SourceText& text, const DocumentInfo& info,
                                                   ExtractReport& report) const {
    static const std::regex policy_re(R"(^\s*施策\s*(\d+)\s+(.+)$)");
    std::vector<ProjectRecord> out;
    std::string policy;
    bool in_items = false;
    ProjectRecord* current = nullptr;
    for (size_t i = 0; i < text.lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        const std::string s = trim(text.lines[i]);
        if (s.empty()) continue;
        std::smatch m;
        if (std::regex_match(s, m, policy_re)) {
            policy = "施策 " + m[1].str() + " " + clean_text(m[2].str());
            in_items = false;
            current = nullptr;
            continue;
        }
        if (s.rfind("取組項目", 0) == 0) {
            in_items = true;
            current = nullptr;
            continue;
        }
        if (s.rfind("【プロセス指標】", 0) == 0 || s.rfind("◆", 0) == 0) {
            in_items = false;
            current = nullptr;
            continue;
        }
        if (!in_items) continue;
        if (s.rfind("◇", 0) == 0) {
            if (!current) {
                report.unclassified.emplace_back(line, text.lines[i]);
                continue;
            }
            std::string item = clean_text(s.substr(3));
            if (!current->summary.empty()) current->summary += "\n";
            current->summary += item;
            current->source.end_line = line;
            continue;
        }
        ProjectRecord r = info.new_record(line);
        r.section = "主な取組内容";
        r.goal.goal = "基本目標 7 市民とともにつくる持続可能なまち";
        r.goal.policy = policy;
        r.name = clean_text(s);
        out.push_back(std::move(r));
        current = &out.back();
    }
    for (const auto& r : out) report.count(r);
    return out;
}

}  // namespace plan
