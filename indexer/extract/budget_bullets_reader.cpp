// First-pass reader for the 金沢市 budget bullets: 柱 > (N) 分野 > ①項目 > ・bullets.
#include "budget_bullets_reader.h"

#include <regex>

#include "text_cleanup.h"

namespace plan {

std::vector<ProjectRecord> BudgetBulletsReader::read(const SourceText& text, const DocumentInfo& info,
                                                     ExtractReport& report) const {
    static const std::regex pillar_re(R"(^(\d+)\s+(.+)$)");
    static const std::regex field_re(R"(^[\(（](\d+)[\)）]\s*(.+)$)");
    static const std::regex item_re(R"(^([①-⑳])\s*(.+)$)");
    std::vector<ProjectRecord> out;
    GoalPath goal;
    ProjectRecord* current = nullptr;
    for (size_t i = 0; i < text.lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        const std::string s = trim(text.lines[i]);
        if (s.empty()) {
            continue;
        }
        std::smatch m;
        if (s.rfind("- ・", 0) == 0 || s.rfind("・", 0) == 0) {
            std::string body = trim(s.substr(s.find("・") + 3));
            ProjectRecord r = info.new_record(line);
            r.section = "予算の重点";
            r.goal = goal;
            r.name = clean_text(body);
            out.push_back(std::move(r));
            current = &out.back();
            continue;
        }
        if (std::regex_match(s, m, item_re)) {
            goal.measure = clean_text(s);
            current = nullptr;
            continue;
        }
        if (std::regex_match(s, m, field_re)) {
            goal.policy = clean_text(s);
            goal.measure.clear();
            current = nullptr;
            continue;
        }
        if (std::regex_match(s, m, pillar_re)) {
            goal = GoalPath{clean_text(s), "", "", ""};
            current = nullptr;
            continue;
        }
        if (current && text.lines[i].find("。") == std::string::npos) {
            current->summary = join_wrapped(current->summary, s);
            current->source.end_line = line;
            continue;
        }
        current = nullptr;
    }
    for (auto& r : out) {
        for (const char* marker : {"〔再掲〕", "[再掲]"})
            if (r.name.find(marker) != std::string::npos) r.flags.push_back("再掲");
        if (r.name.find("（最終補正）") != std::string::npos) r.flags.push_back("最終補正");
        report.count(r);
    }
    return out;
}

}  // namespace plan
