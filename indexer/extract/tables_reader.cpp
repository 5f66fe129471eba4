// First-pass reader for the 鹿児島市 tables layout: headings, 【主要事業】 rows, ○ items.
#include "tables_reader.h"

#include <regex>

#include "text_cleanup.h"

namespace plan {

namespace {

std::string strip_marks(const std::string& line) {
    std::string s = trim(line);
    while (!s.empty() && s[0] == '#') s.erase(0, 1);
    s = trim(s);
    if (s.size() > 4 && s.compare(0, 2, "**") == 0 && s.compare(s.size() - 2, 2, "**") == 0)
        s = s.substr(2, s.size() - 4);
    return trim(s);
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (true) {
        size_t t = line.find('\t', start);
        cells.push_back(trim(line.substr(start, t == std::string::npos ? std::string::npos : t - start)));
        if (t == std::string::npos) break;
        start = t + 1;
    }
    return cells;
}

// "(新)" / "（新）" style flag → "新"; empty when the text is no flag.
std::string as_flag(const std::string& s) {
    static const std::regex re(R"(^[\(（](新※|新|拡|括|再)[\)）]$)");
    std::smatch m;
    if (std::regex_match(s, m, re)) return m[1];
    return {};
}

}  // namespace

std::vector<ProjectRecord> TablesReader::read(const SourceText& text, const DocumentInfo& info,
                                              ExtractReport& report) const {
    static const std::regex goal_re(R"(^基本目標\s*(\d+)\s+(.+)$)");
    static const std::regex policy_re(R"(^基本施策\s*(\d+)\s+(.+)$)");
    static const std::regex measure_re(R"(^(\d+)\s+(\S.*)$)");
    static const std::regex pillar_re(R"(^[\(（](\d+)[\)）]\s*(.+)$)");
    static const std::regex budget_re(R"(^事業費\s*(.+)$)");
    static const std::regex lead_flag_re(R"(^[\(（](新※|新|拡|括)[\)）]\s*(.+)$)");
    static const std::regex tail_flag_re(R"(^(.+?)\s*[\(（](再)[\)）]$)");

    std::vector<ProjectRecord> out;
    GoalPath goal;
    std::optional<Budget> budget;
    std::string section;
    for (size_t i = 0; i < text.lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        const std::string& raw = text.lines[i];
        const std::string s = strip_marks(raw);
        if (s.empty()) continue;
        std::smatch m;
        if (raw.find('\t') == std::string::npos) {
            if (std::regex_match(s, m, goal_re)) {
                if (s.find("【") != std::string::npos) continue;  // running page header
                goal = GoalPath{clean_text(s), "", "", ""};
                section.clear();
                continue;
            }
            if (std::regex_match(s, m, policy_re)) {
                goal.policy = clean_text(s);
                goal.measure.clear();
                goal.pillar.clear();
                section.clear();
                budget.reset();
                continue;
            }
            if (std::regex_match(s, m, budget_re)) {
                budget = Budget{trim(m[1].str()), 0};
                continue;
            }
            if (s == "【主要事業】" || s == "【主な継続事業】" || s == "【その他の主な事業】") {
                section = s.substr(3, s.size() - 6);
                continue;
            }
            if (s == "【基本的方向】") {
                section.clear();
                continue;
            }
            if (std::regex_match(s, m, pillar_re) && !goal.policy.empty()) {
                goal.pillar = clean_text(s);
                continue;
            }
            if (std::regex_match(s, m, measure_re) && !goal.policy.empty()) {
                goal.measure = clean_text(s);
                goal.pillar.clear();
                section.clear();
                continue;
            }
        }
        if (section.empty() || raw.find('\t') == std::string::npos) {
            if (section.empty()) continue;  // prose of 基本的方向 and introductions
            report.unclassified.emplace_back(line, raw);
            continue;
        }
        auto cells = split_tabs(raw);
        while (!cells.empty() && cells.front().empty()) cells.erase(cells.begin());
        if (cells.empty() || cells[0] == "事業名") continue;
        std::vector<std::string> flags;
        if (auto f = as_flag(cells[0]); !f.empty()) {
            flags.push_back(f);
            cells.erase(cells.begin());
        }
        if (cells.empty()) continue;
        std::string name = cells[0];
        if (name.rfind("○", 0) == 0) name = trim(name.substr(3));
        if (std::regex_match(name, m, lead_flag_re)) {
            flags.push_back(m[1]);
            name = m[2];
        }
        if (std::regex_match(name, m, tail_flag_re)) {
            flags.push_back("再");
            name = m[1];
        }
        ProjectRecord r = info.new_record(line);
        r.section = section;
        r.goal = goal;
        r.budget = budget;
        r.name = clean_text(name);
        r.flags = flags;
        if (section == "主要事業" && cells.size() >= 3) {
            r.summary = clean_text(cells[1]);
            r.departments.push_back(cells[2]);
        } else if (cells.size() >= 2) {
            r.departments.push_back(cells.back());
        }
        report.count(r);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace plan
