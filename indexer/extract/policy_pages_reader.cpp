// The 須坂市 policy pages: one record per 取組項目 with its ◇ items, under 施策 NN, with the
// 施策's indicators. The page is read block by block (施策の目指す姿, 【成果指標】, ◆現状と課題,
// ◆施策の取組方針, ◆主な取組内容, 【プロセス指標】, ◆…各主体の役割); page furniture (page numbers,
// vertical text, the 基本施策 side box, the 基本目標 page header) can interrupt any block.
#include "policy_pages_reader.h"

#include <regex>

#include "policy_pages_indicators.h"
#include "text_cleanup.h"
#include "text_normalizer.h"

namespace plan {

namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
}

// The line as the reader sees it: U+FFFD (glyphs the PDF extraction lost), tabs and full-width
// spaces become ASCII spaces, so they separate fields but never end up in a name.
std::string prepare(const std::string& raw) {
    std::string s = raw;
    replace_all(s, "\xEF\xBF\xBD", " ");
    replace_all(s, "\u3000", " ");
    replace_all(s, "\t", " ");
    replace_all(s, "／", "/");
    return trim(s);
}

std::vector<std::string> split_spaces(const std::string& s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

bool is_department(const std::string& token) {
    return utf8_chars(token).size() >= 2 && (token.ends_with("課") || token.ends_with("室"));
}

// The departments at the end of a line (`… 総務課 / 政策推進課`); `rest` gets the text before.
std::vector<std::string> trailing_departments(const std::string& line, std::string* rest) {
    std::string s = line;
    replace_all(s, "/", " / ");
    auto tokens = split_spaces(s);
    size_t k = tokens.size();
    std::vector<std::string> depts;
    while (k > 0) {
        const std::string& t = tokens[k - 1];
        if (t == "/" && !depts.empty()) {
            --k;
            continue;
        }
        if (!is_department(t)) break;
        depts.insert(depts.begin(), t);
        --k;
    }
    if (k < tokens.size() && tokens[k] == "/") return {};  // "… / 課" cut in the middle
    if (rest) {
        rest->clear();
        for (size_t i = 0; i < k; ++i) *rest += (i ? " " : "") + tokens[i];
    }
    return depts;
}

enum class Block { none, vision, outcome, prose, items, process, roles, sidebar };

struct Draft {
    ProjectRecord record;
    std::string name;                // wrapped parts joined, cleaned at the end
    std::vector<std::string> items;  // ◇ items, wrapped parts joined
};

class PolicyPagesParse {
  public:
    PolicyPagesParse(const SourceText& text, const DocumentInfo& info, ExtractReport& report)
        : text_(text), info_(info), report_(report) {}

    std::vector<ProjectRecord> run() {
        goal_ = find_goal();
        for (size_t i = 0; i < text_.lines.size(); ++i)
            read_line(static_cast<int>(i) + 1, text_.lines[i]);
        flush_pending_indicator();
        std::vector<ProjectRecord> out;
        for (auto& d : drafts_) {
            d.record.name = clean_text(d.name);
            std::string summary;
            for (const auto& item : d.items)
                summary += (summary.empty() ? "" : "\n") + clean_text(item);
            d.record.summary = summary;
            d.record.indicators = indicators_[d.record.goal.policy];
            report_.count(d.record);
            out.push_back(std::move(d.record));
        }
        return out;
    }

  private:
    // 基本目標 N comes from the page header `基本目標 市民とともにつくる持続可能なまち 7`.
    std::string find_goal() const {
        static const std::regex goal_re(R"(^基本目標\s+(.*\S)\s+([0-9]+)$)");
        std::smatch m;
        for (const auto& raw : text_.lines) {
            const std::string s = prepare(raw);
            if (std::regex_match(s, m, goal_re))
                return "基本目標 " + m[2].str() + " " + clean_text(m[1].str());
        }
        return {};
    }

    void mark(const char* kind) { ++report_.lines[kind]; }

    void set_block(Block b) {
        if (b != block_) flush_pending_indicator();
        block_ = b;
        last_ = Last::other;
    }

    bool is_furniture(const std::string& s) {
        static const std::regex page_number(R"(^-\s*[0-9]+\s*-$)");
        static const std::regex chapter(R"(^[0-9]+\.\s*施策の展開$)");
        static const std::regex goal_header(R"(^基本目標\s+.*\S\s+[0-9]+$)");
        if (utf8_chars(s).size() == 1) return true;  // vertical text, one character per line
        return std::regex_match(s, page_number) || std::regex_match(s, chapter) ||
               std::regex_match(s, goal_header) || s.starts_with("《総合戦略》");
    }

    void read_line(int n, const std::string& raw) {
        if (trim(raw).empty()) {
            mark("blank");
            after_break();
            return;
        }
        const std::string s = prepare(raw);
        if (s.empty()) {  // only lost glyphs
            mark("furniture");
            after_break();
            return;
        }
        static const std::regex policy_re(R"(^施策\s*([0-9]+)\s+(\S.*)$)");
        std::smatch m;
        const bool policy_heading = std::regex_match(s, m, policy_re);
        if (skip_furniture(s, policy_heading)) return;
        if (policy_heading) {
            set_block(Block::none);
            policy_ = "施策 " + m[1].str() + " " + clean_text(m[2].str());
            measure_.clear();
            departments_.clear();
            current_ = -1;
            mark("heading");
            return;
        }
        if (read_heading(s)) return;
        if (s.starts_with("※") && block_ != Block::items) {  // 用語 notes under the blocks
            in_note_ = true;
            mark("text");
            return;
        }
        if (in_note_ && block_ != Block::items) {  // a note's wrapped lines
            mark("text");
            return;
        }
        read_block_line(n, s, raw);
    }

    // Page furniture, and the 基本施策 side box (`13基本 / 施策 / <基本施策>`) with the lines in
    // it, which a 施策 heading or a block's first line ends: marked; true when s is one of them.
    bool skip_furniture(const std::string& s, bool policy_heading) {
        if (is_furniture(s)) {
            mark("furniture");
            return true;
        }
        static const std::regex side_box(R"(^[0-9]+基本$)");
        if (std::regex_match(s, side_box)) {
            if (block_ != Block::sidebar) before_sidebar_ = block_;
            block_ = Block::sidebar;
            last_ = Last::other;
            mark("furniture");
            return true;
        }
        if (block_ == Block::sidebar) {
            if (!policy_heading && !s.starts_with("☞") && !s.starts_with("◆") &&
                !s.starts_with("【") && !s.starts_with("◇") && !s.starts_with("取組項目")) {
                mark("furniture");
                return true;
            }
            block_ = before_sidebar_;
        }
        return false;
    }

    // 施策の目指す姿, 【成果指標】, 【プロセス指標】 and ◆ headings open a block: true when s is
    // one.
    bool read_heading(const std::string& s) {
        std::string compact = s;
        replace_all(compact, " ", "");
        if (compact == "施策の目指す姿") {
            set_block(Block::vision);
        } else if (compact.starts_with("【成果指標】")) {
            set_block(Block::outcome);
        } else if (compact.starts_with("【プロセス指標】")) {
            set_block(Block::process);
            current_ = -1;
        } else if (s.starts_with("◆")) {
            read_block_heading(s);
        } else {
            return false;
        }
        mark("heading");
        return true;
    }

    // A line inside the current block.
    void read_block_line(int n, const std::string& s, const std::string& raw) {
        switch (block_) {
            case Block::vision:
            case Block::prose:
            case Block::roles:
                mark("text");  // ● / ☞☞ prose and the roles table: known text, not projects
                return;
            case Block::outcome:
            case Block::process:
                read_indicator_line(n, s);
                return;
            case Block::items:
                read_item_line(n, s, raw);
                return;
            case Block::none:
            case Block::sidebar:
                break;
        }
        report_.unclassified.emplace_back(n, raw);
    }

    void after_break() {
        in_note_ = false;
        if (last_ != Last::other) last_ = Last::other;
    }

    void read_block_heading(const std::string& s) {
        std::string name = s.substr(std::string("◆").size());
        std::string rest;
        auto depts = trailing_departments(name, &rest);
        std::string compact = rest;
        replace_all(compact, " ", "");
        if (compact == "主な取組内容") {
            set_block(Block::items);
            measure_.clear();
            departments_ = depts;
            current_ = -1;
        } else if (compact.find("役割") != std::string::npos) {
            set_block(Block::roles);
            current_ = -1;
        } else {
            set_block(Block::prose);  // ◆現状と課題, ◆施策の取組方針
            current_ = -1;
        }
    }

    void read_indicator_line(int n, const std::string& s) {
        static const std::regex year_header(R"(^(?:（|\()[0-9]{4}年(?:）|\))$)");
        if (s.starts_with("指標の種類") || s.starts_with("指標名") ||
            std::regex_match(s, year_header)) {
            mark("heading");
            return;
        }
        const std::string row = pending_row_.empty() ? s : join_wrapped(pending_row_, s);
        const std::string kind = block_ == Block::outcome ? "成果指標" : "プロセス指標";
        if (auto ind = parse_indicator_row(row, kind)) {
            indicators_[policy_].push_back(*ind);
            for (size_t i = 0; i < pending_lines_.size(); ++i) mark("indicator");
            mark("indicator");
            pending_row_.clear();
            pending_lines_.clear();
            return;
        }
        pending_row_ = row;  // the name wraps: its values are on the next line
        pending_lines_.emplace_back(n, text_.lines[static_cast<size_t>(n) - 1]);
    }

    void flush_pending_indicator() {
        for (auto& l : pending_lines_) report_.unclassified.push_back(l);
        pending_row_.clear();
        pending_lines_.clear();
    }

    void read_item_line(int n, const std::string& s, const std::string& raw) {
        if (s.starts_with("取組項目")) {  // table header, repeated on every page
            last_ = Last::other;
            mark("heading");
            return;
        }
        static const std::regex measure_re(
            R"(^(?:（|\()(?:[0-9]|０|１|２|３|４|５|６|７|８|９)+(?:）|\)).*)");
        std::string rest;
        if (std::regex_match(s, measure_re)) {  // （N）<sub-heading>  <departments>
            auto depts = trailing_departments(s, &rest);
            measure_ = clean_text(depts.empty() ? s : rest);
            if (!depts.empty()) departments_ = depts;
            current_ = -1;
            last_ = Last::other;
            mark("heading");
            return;
        }
        if (auto depts = trailing_departments(s, &rest); !depts.empty() && rest.empty()) {
            departments_ = depts;  // the departments switch for the 取組項目 below
            current_ = -1;
            last_ = Last::other;
            mark("heading");
            return;
        }
        mark("record");
        const size_t diamond = s.find("◇");
        const std::string before = trim(s.substr(0, diamond));
        if (!before.empty()) read_name_part(n, before);
        if (diamond == std::string::npos) return;
        // One or more ◇ items (an item may also follow the name on its line).
        std::string items = s.substr(diamond);
        size_t p = 0;
        while (p < items.size()) {
            size_t start = p + std::string("◇").size();
            size_t next = items.find("◇", start);
            std::string item =
                trim(items.substr(start, next == std::string::npos ? next : next - start));
            if (current_ < 0) {
                report_.unclassified.emplace_back(n, raw);  // an item without a 取組項目
                --report_.lines["record"];
                return;
            }
            Draft& d = drafts_[static_cast<size_t>(current_)];
            d.items.push_back(item);
            d.record.source.end_line = n;
            p = next == std::string::npos ? items.size() : next;
        }
        last_ = Last::item;
        last_line_ = n;
    }

    void read_name_part(int n, const std::string& text) {
        const bool adjacent = last_line_ == n - 1;
        if (last_ == Last::item && adjacent && current_ >= 0) {  // a wrapped ◇ item
            Draft& d = drafts_[static_cast<size_t>(current_)];
            d.items.back() = join_wrapped(d.items.back(), text);
            d.record.source.end_line = n;
            last_line_ = n;
            return;
        }
        if (last_ == Last::name && adjacent && current_ >= 0 &&
            drafts_[static_cast<size_t>(current_)].items.empty()) {  // a wrapped name
            Draft& d = drafts_[static_cast<size_t>(current_)];
            d.name = join_wrapped(d.name, text);
            d.record.source.end_line = n;
            last_line_ = n;
            return;
        }
        Draft d;
        d.record = info_.new_record(n);
        d.record.section = "主な取組内容";
        d.record.goal.goal = goal_;
        d.record.goal.policy = policy_;
        d.record.goal.measure = measure_;
        d.record.departments = departments_;
        d.name = text;
        drafts_.push_back(std::move(d));
        current_ = static_cast<int>(drafts_.size()) - 1;
        last_ = Last::name;
        last_line_ = n;
    }

    enum class Last { other, name, item };

    const SourceText& text_;
    const DocumentInfo& info_;
    ExtractReport& report_;

    std::string goal_, policy_, measure_;
    std::vector<std::string> departments_;
    Block block_ = Block::none;
    Block before_sidebar_ = Block::none;
    bool in_note_ = false;

    std::vector<Draft> drafts_;
    int current_ = -1;  // the 取組項目 whose ◇ items are being read
    Last last_ = Last::other;
    int last_line_ = 0;

    std::map<std::string, std::vector<Indicator>> indicators_;  // per 施策
    std::string pending_row_;                                   // an indicator name that wraps
    std::vector<std::pair<int, std::string>> pending_lines_;
};

}  // namespace

std::vector<ProjectRecord> PolicyPagesReader::read(const SourceText& text, const DocumentInfo& info,
                                                   ExtractReport& report) const {
    return PolicyPagesParse(text, info, report).run();
}

}  // namespace plan
