// The 鹿児島市 tables layout, read line by line with the hierarchy as state. See the header for
// the string forms and the kinds of lines.
#include "tables_reader.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <regex>

#include "budget_amount.h"
#include "tables_departments.h"
#include "text_cleanup.h"
#include "text_normalizer.h"

namespace plan {

namespace {

const std::string kMainSection = "主要事業";

// Regexes run on UTF-8 bytes: full-width brackets are spelled as alternatives, never inside [].
const std::regex& goal_re() {
    static const std::regex re(R"(^基本目標\s*([0-9]+)\s*(.*)$)");
    return re;
}
const std::regex& policy_re() {
    static const std::regex re(R"(^基本施策\s*([0-9]+)\s*(.*)$)");
    return re;
}
const std::regex& budget_re() {
    static const std::regex re(R"(^事業費\s*(.+)$)");
    return re;
}
const std::regex& pillar_re() {
    static const std::regex re(R"(^(?:\(|（)([0-9]+)(?:\)|）)\s*(.+)$)");
    return re;
}
const std::regex& measure_re() {
    static const std::regex re(R"(^([0-9]+)\s+(.+)$)");
    return re;
}
// A flag before a name, in its own cell or inline: (新) 事業名.
const std::regex& lead_flag_re() {
    static const std::regex re(R"(^(?:\(|（)(新※|新|拡|括)(?:\)|）)\s*(.*)$)");
    return re;
}
// The re-listing mark at the end of a name: 事業名(再), 事業名 （再）.
const std::regex& relisted_re() {
    static const std::regex re(R"(^(.*?)\s*(?:\(|（)再(?:\)|）)$)");
    return re;
}

bool contains(std::string_view s, std::string_view part) {
    return s.find(part) != std::string_view::npos;
}

// Markdown marks the PDF conversion left on some headings: "### 1 …", "**2 …**".
std::string strip_marks(const std::string& line) {
    std::string s = trim(line);
    size_t hashes = 0;
    while (hashes < s.size() && s[hashes] == '#') ++hashes;
    s = trim(s.substr(hashes));
    if (s.size() > 4 && s.starts_with("**") && s.ends_with("**"))
        s = trim(s.substr(2, s.size() - 4));
    return s;
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (true) {
        const size_t tab = line.find('\t', start);
        cells.push_back(trim(line.substr(start, tab == std::string::npos ? tab : tab - start)));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return cells;
}

// A "-----⇥-----" rule between table parts.
bool is_rule(const std::string& raw) {
    bool dash = false;
    for (char c : raw) {
        if (c == '-')
            dash = true;
        else if (c != '\t' && c != ' ')
            return false;
    }
    return dash;
}

// "基本目標 1 市民と行政が拓く 協働と連携のまち 【信頼・協働政策】" repeated at the top of a page.
bool is_running_header(const std::string& s) {
    return s.starts_with("基本目標") && s.ends_with("】") && contains(s, "【");
}

// A photo caption stands alone after a blank line: short, no sentence, no table cells.
bool is_caption(const std::string& s, bool after_blank) {
    return after_blank && !contains(s, "。") && utf8_chars(s).size() <= 40;
}

// The flag spelled by a whole cell, "(新)" → "新"; empty when the cell is no flag.
std::string flag_cell(const std::string& cell) {
    std::smatch m;
    if (std::regex_match(cell, m, lead_flag_re()) && m[2].length() == 0) return m[1];
    return {};
}

struct ParsedName {
    std::string name;
    std::vector<std::string> flags;
};

// Inline flags before the name and a trailing (再) after it leave the name as flags.
ParsedName parse_name(std::string text) {
    ParsedName out;
    std::smatch m;
    text = trim(text);
    while (std::regex_match(text, m, lead_flag_re()) && m[2].length() > 0) {
        out.flags.push_back(m[1]);
        text = trim(m[2].str());
    }
    if (std::regex_match(text, m, relisted_re()) && m[1].length() > 0) {
        text = m[1];
        out.flags.push_back("再");
    }
    out.name = clean_text(text);
    return out;
}

void add_flags(ProjectRecord& r, const std::vector<std::string>& flags) {
    for (const auto& f : flags)
        if (std::find(r.flags.begin(), r.flags.end(), f) == r.flags.end()) r.flags.push_back(f);
}

void add_departments(ProjectRecord& r, const std::vector<std::string>& names) {
    for (const auto& n : names) {
        std::string d = clean_text(n);
        if (!d.empty() &&
            std::find(r.departments.begin(), r.departments.end(), d) == r.departments.end())
            r.departments.push_back(d);
    }
}

// A wrapped line made only of department names ("政策企画課", "ほか").
bool looks_like_departments(const std::string& text) {
    if (contains(text, "。") || contains(text, "、") || utf8_chars(text).size() > 40) return false;
    DepartmentCell cell = parse_department_cell(text);
    if (cell.groups.empty()) return cell.more;
    for (const auto& g : cell.groups)
        for (const auto& name : g)
            if (!(name.ends_with("課") || name.ends_with("室") || name.ends_with("センター") ||
                  name.ends_with("所") || name.ends_with("委員会") || name.ends_with("局")))
                return false;
    return true;
}

enum class Zone {
    Intro,        // before the first 基本目標: title, legend
    GoalProse,    // 基本目標 … its 政策 paragraphs
    PolicyProse,  // 基本施策 … 事業費, 施策の目標 / ～…～ tagline
    Measure,      // 単位施策 heading, before its 【基本的方向】
    Direction,    // 【基本的方向】 prose
    Table,        // 【主要事業】, 【主な継続事業】, 【その他の主な事業】
};

class TablesParse {
  public:
    TablesParse(const SourceText& text, const DocumentInfo& info, ExtractReport& report)
        : text_(text), info_(info), report_(report) {}

    std::vector<ProjectRecord> run() {
        for (size_t i = 0; i < text_.lines.size(); ++i) {
            line_ = static_cast<int>(i) + 1;
            read_line(text_.lines[i]);
        }
        settle_spare_departments();
        for (const auto& r : out_) report_.count(r);
        return std::move(out_);
    }

  private:
    void read_line(const std::string& raw) {
        const std::string s = strip_marks(raw);
        if (s.empty()) {
            blank_before_ = true;
            return;
        }
        const bool after_blank = blank_before_;
        blank_before_ = false;
        const bool continues_record = last_record_line_ == line_ - 1;
        const bool has_tab = raw.find('\t') != std::string::npos;

        if (is_rule(raw) || is_running_header(s)) return;  // page furniture
        if (!has_tab && read_heading(s)) return;

        if (zone_ == Zone::Table) {
            switch (read_table_line(raw, s, has_tab, continues_record)) {
                case TableLine::Record:
                    last_record_line_ = line_;
                    return;
                case TableLine::Furniture:
                    last_record_line_ = 0;
                    return;
                case TableLine::Unread:
                    break;
            }
            if (!has_tab && is_caption(s, after_blank)) return;
            report_.unclassified.emplace_back(line_, raw);
            return;
        }
        const bool known_prose = zone_ == Zone::Intro || zone_ == Zone::GoalProse ||
                                 zone_ == Zone::PolicyProse || zone_ == Zone::Direction;
        if (!has_tab && (known_prose || is_caption(s, after_blank))) return;
        report_.unclassified.emplace_back(line_, raw);
    }

    // Headings and section markers; false when the line is none.
    bool read_heading(const std::string& s) {
        std::smatch m;
        if (policy_name_pending_) {  // "基本施策 2" printed with its name on the next line
            policy_name_pending_ = false;
            if (!std::regex_match(s, m, budget_re()) && !s.starts_with("【")) {
                goal_.policy = clean_title(goal_.policy + " " + s);
                return true;
            }
        }
        if (std::regex_match(s, m, goal_re())) {
            enter_section("", Zone::GoalProse);
            goal_ = GoalPath{clean_title("基本目標 " + m[1].str() + " " + m[2].str()), "", "", ""};
            budget_.reset();
            return true;
        }
        if (std::regex_match(s, m, policy_re())) {
            enter_section("", Zone::PolicyProse);
            goal_.policy = clean_title("基本施策 " + m[1].str() + " " + m[2].str());
            goal_.measure.clear();
            goal_.pillar.clear();
            budget_.reset();
            policy_name_pending_ = trim(m[2].str()).empty();
            return true;
        }
        if (std::regex_match(s, m, budget_re()) && zone_ == Zone::PolicyProse) {
            const std::string amount = clean_text(m[1].str());
            if (auto yen = parse_yen_amount(amount)) {
                budget_ = Budget{amount, *yen};
                return true;
            }
            return false;  // a 事業費 we cannot read is reported, not guessed
        }
        if (s == "【基本的方向】") {
            enter_section("", Zone::Direction);
            return true;
        }
        if (s == "【主要事業】" || s == "【主な継続事業】" || s == "【その他の主な事業】") {
            enter_section(s.substr(3, s.size() - 6), Zone::Table);
            goal_.pillar.clear();
            return true;
        }
        if (goal_.policy.empty()) return false;
        if (std::regex_match(s, m, pillar_re()) && section_ == kMainSection) {
            settle_spare_departments();
            goal_.pillar = clean_title("(" + m[1].str() + ") " + m[2].str());
            return true;
        }
        if (std::regex_match(s, m, measure_re()) && !contains(s, "。")) {
            enter_section("", Zone::Measure);
            goal_.measure = clean_title(m[1].str() + " " + m[2].str());
            goal_.pillar.clear();
            return true;
        }
        return false;
    }

    void enter_section(const std::string& section, Zone zone) {
        settle_spare_departments();
        section_ = section;
        zone_ = zone;
        last_record_line_ = 0;
    }

    // A row, a line of ○ items, a table header or a wrapped part of the record above.
    enum class TableLine { Record, Furniture, Unread };

    TableLine read_table_line(const std::string& raw, const std::string& s, bool has_tab,
                              bool continues_record) {
        std::vector<std::string> cells = has_tab ? split_tabs(raw) : std::vector<std::string>{s};
        size_t leading_empty = 0;
        while (leading_empty < cells.size() && cells[leading_empty].empty()) ++leading_empty;
        cells.erase(cells.begin(), cells.begin() + leading_empty);
        while (!cells.empty() && cells.back().empty()) cells.pop_back();
        if (cells.empty()) return TableLine::Furniture;         // only tabs
        if (cells[0] == "事業名") return TableLine::Furniture;  // table header

        std::vector<std::string> column_flags;
        if (auto f = flag_cell(cells[0]); !f.empty()) {
            column_flags.push_back(f);
            cells.erase(cells.begin());
            while (!cells.empty() && cells.front().empty()) cells.erase(cells.begin());
            if (cells.empty()) return TableLine::Unread;
        }
        const bool items = contains(cells[0], "○");
        if (!items && column_flags.empty() && continues_record && !out_.empty()) {
            // A name needs a department or a summary beside it; a lone cell, cells after an
            // empty name column, or cells under a record still lacking its summary (主要事業)
            // or department (○ lists) continue the record above.
            size_t non_empty = 0;
            for (const auto& c : cells) non_empty += !c.empty();
            const ProjectRecord& last = out_.back();
            const bool incomplete = section_ == kMainSection
                                        ? last.summary.empty()
                                        : last.departments.empty() && spare_.empty();
            if (non_empty == 1 || leading_empty >= 2 || incomplete) {
                continue_record(cells);
                return TableLine::Record;
            }
        }
        if (items) {
            read_items(cells, column_flags);
            return TableLine::Record;
        }
        // Text without cells starts a record only as the head of a name wrapped onto a row
        // line right below it; otherwise it continues nothing (a caption, or unclassified).
        if (!has_tab && !name_head_of_next_row()) return TableLine::Unread;
        read_row(cells, column_flags);
        return TableLine::Record;
    }

    bool name_head_of_next_row() const {
        const auto next = static_cast<size_t>(line_);  // index of the following line
        if (next >= text_.lines.size()) return false;
        const std::string& raw = text_.lines[next];
        if (raw.find('\t') == std::string::npos) return false;
        auto cells = split_tabs(raw);
        return !cells.empty() && !cells[0].empty() && flag_cell(cells[0]).empty() &&
               !contains(cells[0], "○") && cells[0] != "事業名";
    }

    // 事業名⇥事業概要⇥所管課 (in 【主要事業】) or 事業名⇥所管課 (in the ○ lists).
    void read_row(const std::vector<std::string>& cells,
                  const std::vector<std::string>& column_flags) {
        ProjectRecord r = new_record();
        ParsedName pn = parse_name(cells[0]);
        r.name = pn.name;
        add_flags(r, column_flags);
        add_flags(r, pn.flags);
        std::optional<std::string> dept_cell;
        if (section_ == kMainSection) {
            if (cells.size() >= 3) {
                std::string summary;
                for (size_t k = 1; k + 1 < cells.size(); ++k)
                    summary = join_wrapped(summary, cells[k]);
                r.summary = clean_text(summary);
                dept_cell = cells.back();
            } else if (cells.size() == 2) {
                r.summary = clean_text(cells[1]);
            }
        } else if (cells.size() >= 2) {
            dept_cell = cells.back();
        }
        out_.push_back(std::move(r));
        assign_departments(1, dept_cell);
    }

    // "○ a ○ b（再） ○ c⇥A課 B課 C課": one record per ○, departments handed out in order.
    void read_items(const std::vector<std::string>& cells,
                    const std::vector<std::string>& column_flags) {
        std::vector<std::string> parts;
        std::string prefix;  // text before the first ○: an inline flag such as "(新) ○ …"
        {
            const std::string& list = cells[0];
            size_t pos = list.find("○");
            prefix = trim(list.substr(0, pos));
            while (pos != std::string::npos) {
                const size_t next = list.find("○", pos + 3);
                parts.push_back(
                    trim(list.substr(pos + 3, next == std::string::npos ? next : next - pos - 3)));
                pos = next;
            }
        }
        std::vector<std::string> line_flags = column_flags;
        if (!prefix.empty()) {
            if (auto f = flag_cell(prefix); !f.empty())
                line_flags.push_back(f);
            else
                report_.unclassified.emplace_back(line_, prefix);
        }
        size_t made = 0;
        for (size_t k = 0; k < parts.size(); ++k) {
            ParsedName pn = parse_name(parts[k]);
            if (pn.name.empty()) continue;
            ProjectRecord r = new_record();
            r.name = pn.name;
            if (k == 0) add_flags(r, line_flags);  // a flag column belongs to the line's first item
            add_flags(r, pn.flags);
            out_.push_back(std::move(r));
            ++made;
        }
        if (made == 0) return;
        std::optional<std::string> dept_cell;
        if (cells.size() >= 2) dept_cell = cells.back();
        assign_departments(made, dept_cell);
    }

    // Departments for the last `count` records. A cell with more entries than records keeps the
    // rest for the rows below that print no department (001: "情報システム課 管理課 都市農業
    // センター バス事業課" on the first of four ○ rows); unused entries go back to their owner.
    void assign_departments(size_t count, const std::optional<std::string>& cell) {
        const size_t first = out_.size() - count;
        if (!cell || cell->empty()) {
            for (size_t k = first; k < out_.size(); ++k) {
                if (spare_.empty()) break;
                add_departments(out_[k], spare_.front());
                out_[k].departments_more = out_[k].departments_more || spare_more_;
                spare_.pop_front();
            }
            return;
        }
        settle_spare_departments();
        DepartmentCell parsed = parse_department_cell(*cell);
        const size_t n = parsed.groups.size();
        for (size_t k = 0; k < count; ++k) {
            ProjectRecord& r = out_[first + k];
            if (k < n) add_departments(r, parsed.groups[k]);
            r.departments_more = parsed.more;
        }
        if (n > count) {
            spare_.assign(parsed.groups.begin() + count, parsed.groups.end());
            spare_owner_ = out_.size() - 1;
            spare_more_ = parsed.more;
        }
    }

    // Entries that no row below took belong to the record that printed them.
    void settle_spare_departments() {
        if (spare_owner_ && !spare_.empty())
            for (const auto& g : spare_) add_departments(out_[*spare_owner_], g);
        spare_.clear();
        spare_owner_.reset();
    }

    // A wrapped summary, name or department cell joins the record above.
    void continue_record(const std::vector<std::string>& cells) {
        ProjectRecord& r = out_.back();
        r.source.end_line = line_;
        std::vector<std::string> parts;
        for (const auto& c : cells)
            if (!c.empty()) parts.push_back(c);
        if (parts.size() >= 2) {
            if (section_ != kMainSection) {  // name tail ⇥ department
                r.name = parse_wrapped_name(r, parts[0]);
            } else if (r.summary.empty() && parts.size() >= 3) {  // name tail ⇥ summary ⇥ dept
                r.name = parse_wrapped_name(r, parts[0]);
                std::string summary;
                for (size_t k = 1; k + 1 < parts.size(); ++k)
                    summary = join_wrapped(summary, parts[k]);
                r.summary = clean_text(summary);
            } else {  // summary (tail) ⇥ department (tail)
                r.summary = clean_text(join_wrapped(r.summary, parts[0]));
            }
            extend_departments(r, parts.back());
            return;
        }
        const std::string& text = parts[0];
        if (looks_like_departments(text) && (section_ != kMainSection || !r.summary.empty())) {
            extend_departments(r, text);
        } else if (section_ == kMainSection && !r.summary.empty()) {
            r.summary = clean_text(join_wrapped(r.summary, text));
        } else {
            r.name = parse_wrapped_name(r, text);
        }
    }

    std::string parse_wrapped_name(ProjectRecord& r, const std::string& tail) {
        ParsedName pn = parse_name(join_wrapped(r.name, tail));
        add_flags(r, pn.flags);
        return pn.name;
    }

    void extend_departments(ProjectRecord& r, const std::string& text) {
        DepartmentCell parsed = parse_department_cell(text);
        // "総務局総務課" wrapped as "総務局" / "総務課" is one name, not two.
        if (!r.departments.empty() && r.departments.back().ends_with("局") &&
            !parsed.groups.empty()) {
            r.departments.back() += parsed.groups.front().front();
            parsed.groups.front().erase(parsed.groups.front().begin());
        }
        for (const auto& g : parsed.groups) add_departments(r, g);
        r.departments_more = r.departments_more || parsed.more;
    }

    ProjectRecord new_record() const {
        ProjectRecord r = info_.new_record(line_);
        r.section = section_;
        r.goal = goal_;
        r.budget = budget_;
        return r;
    }

    const SourceText& text_;
    const DocumentInfo& info_;
    ExtractReport& report_;
    std::vector<ProjectRecord> out_;

    int line_ = 0;
    Zone zone_ = Zone::Intro;
    GoalPath goal_;
    std::optional<Budget> budget_;
    std::string section_;
    bool policy_name_pending_ = false;
    bool blank_before_ = true;
    int last_record_line_ = 0;

    std::deque<std::vector<std::string>> spare_;
    std::optional<size_t> spare_owner_;
    bool spare_more_ = false;
};

}  // namespace

std::vector<ProjectRecord> TablesReader::read(const SourceText& text, const DocumentInfo& info,
                                              ExtractReport& report) const {
    return TablesParse(text, info, report).run();
}

}  // namespace plan
