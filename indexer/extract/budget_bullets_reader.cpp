// The 金沢市 budget bullets: `N <重点の柱>` > `(N) <分野>` > `①<項目>` > `- ・<施策>`.
// A record is one bullet: its name is the bullet's own line (every bullet of the document fits on
// one line), its summary the lines below it without a bullet (sub-items, one per summary line;
// a sub-item that the PDF wrapped is joined back). The paragraph under each 柱 is prose.
#include "budget_bullets_reader.h"

#include <optional>
#include <regex>

#include "text_cleanup.h"
#include "text_normalizer.h"

namespace plan {

namespace {

bool contains(std::string_view s, std::string_view part) { return s.find(part) != s.npos; }

// Full-width digits to ASCII, so （４） and (4) name the same 分野.
std::string ascii_digits(const std::string& s) {
    std::string out;
    for (const auto& c : utf8_chars(s)) {
        if (c.size() == 3 && c.starts_with("\xEF\xBC") &&
            static_cast<unsigned char>(c[2]) >= 0x90 && static_cast<unsigned char>(c[2]) <= 0x99)
            out += static_cast<char>('0' + (static_cast<unsigned char>(c[2]) - 0x90));
        else
            out += c;
    }
    return out;
}

// ① … ⑳ (U+2460 … U+2473) open an 項目 heading.
bool starts_with_circled_number(const std::string& s) {
    if (s.size() < 3) return false;
    const auto b1 = static_cast<unsigned char>(s[1]), b2 = static_cast<unsigned char>(s[2]);
    return static_cast<unsigned char>(s[0]) == 0xE2 && b1 == 0x91 && b2 >= 0xA0 && b2 <= 0xB3;
}

// The bullet's text after `- ・` / `・`, or nothing when the line is not a bullet.
std::optional<std::string> bullet_text(const std::string& s) {
    std::string rest = s;
    if (rest.starts_with("-")) rest = trim(rest.substr(1));
    if (!rest.starts_with("・")) return std::nullopt;
    return trim(rest.substr(std::string("・").size()));
}

// A sub-item the PDF wrapped: it stops mid-phrase (、 or 及び) or runs to the full line width.
bool wraps_onto_next_line(const std::string& line) {
    if (line.ends_with("、") || line.ends_with("及び")) return true;
    return utf8_chars(line).size() >= 36 && !line.ends_with("）") && !line.ends_with("など");
}

void set_flags(ProjectRecord& r) {
    const std::string text = r.name + "\n" + r.summary;
    if (contains(text, "〔再掲〕") || contains(text, "[再掲]") || contains(text, "［再掲］"))
        r.flags.push_back("再掲");
    // （最終補正） and （最終補正一部前倒し）: the project is (partly) funded by the final
    // supplementary budget. （うち最終補正で5億円） inside a sentence is an amount, not a marker.
    if (contains(text, "（最終補正）") || contains(text, "(最終補正)") ||
        contains(text, "（最終補正一部前倒し）"))
        r.flags.push_back("最終補正");
}

// A sub-item line s under the bullet r: a summary line of its own, or the rest of the last one
// (last_sub_item) when that one wrapped.
void add_sub_item(ProjectRecord& r, const std::string& s, std::string& last_sub_item) {
    std::string sub = trim(s.starts_with("- ") ? s.substr(2) : s);
    if (!last_sub_item.empty() && wraps_onto_next_line(last_sub_item))
        r.summary = join_wrapped(r.summary, sub);
    else
        r.summary += (r.summary.empty() ? "" : "\n") + sub;
    last_sub_item = sub;
}

// Each line of a summary cleaned on its own: the line breaks between sub-items stay.
std::string clean_lines(const std::string& summary) {
    if (summary.empty()) return "";
    std::string cleaned, part;
    for (size_t b = 0; b <= summary.size(); ++b) {
        if (b == summary.size() || summary[b] == '\n') {
            cleaned += (cleaned.empty() ? "" : "\n") + clean_text(part);
            part.clear();
        } else {
            part += summary[b];
        }
    }
    return cleaned;
}

}  // namespace

std::vector<ProjectRecord> BudgetBulletsReader::read(const SourceText& text,
                                                     const DocumentInfo& info,
                                                     ExtractReport& report) const {
    static const std::regex title_re(R"(^[IVX]+\.\s*\S.*$)");
    static const std::regex pillar_re(R"(^([0-9]+)\s+(\S.*)$)");
    static const std::regex field_re(
        R"(^(?:（|\()((?:[0-9]|０|１|２|３|４|５|６|７|８|９)+)(?:）|\))\s*(\S.*)$)");
    std::vector<ProjectRecord> out;
    GoalPath goal;
    bool in_bullet = false;  // the previous line was a bullet or its continuation
    bool after_blank = true;
    std::string last_sub_item;  // the last summary line, to join a wrapped one
    auto mark = [&](const char* kind) { ++report.lines[kind]; };

    for (size_t i = 0; i < text.lines.size(); ++i) {
        const int line = static_cast<int>(i) + 1;
        std::string s = text.lines[i];
        for (size_t p = s.find('\t'); p != std::string::npos; p = s.find('\t')) s[p] = ' ';
        s = trim(s);
        if (s.empty()) {
            mark("blank");
            in_bullet = false;
            after_blank = true;
            continue;
        }
        const bool prev_blank = after_blank;
        after_blank = false;
        std::smatch m;
        if (auto body = bullet_text(s)) {
            ProjectRecord r = info.new_record(line);
            r.section = "予算の重点";
            r.goal = goal;
            r.name = clean_text(*body);
            out.push_back(std::move(r));
            in_bullet = true;
            last_sub_item.clear();
            mark("record");
            continue;
        }
        if (std::regex_match(s, m, field_re)) {
            goal.policy = "(" + ascii_digits(m[1].str()) + ") " + clean_text(m[2].str());
            goal.measure.clear();
            in_bullet = false;
            mark("heading");
            continue;
        }
        if (starts_with_circled_number(s)) {
            goal.measure = clean_text(s);
            in_bullet = false;
            mark("heading");
            continue;
        }
        if (in_bullet && !out.empty()) {  // a sub-item under the bullet (maybe `- ` marked)
            add_sub_item(out.back(), s, last_sub_item);
            out.back().source.end_line = line;
            mark("record");
            continue;
        }
        if (prev_blank && std::regex_match(s, m, pillar_re)) {
            goal = GoalPath{m[1].str() + " " + clean_text(m[2].str()), "", "", ""};
            mark("heading");
            continue;
        }
        if (std::regex_match(s, title_re)) {
            mark("heading");  // IV. 予算の重点
            continue;
        }
        if (s.ends_with("。")) {
            mark("text");  // the paragraph that introduces a 柱
            continue;
        }
        report.unclassified.emplace_back(line, text.lines[i]);
    }
    for (auto& r : out) {
        r.summary = clean_lines(r.summary);
        set_flags(r);
        report.count(r);
    }
    return out;
}

}  // namespace plan
