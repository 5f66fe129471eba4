// Department cells: spaces separate entries, "・" separates names only after a complete name.
#include "tables_departments.h"

#include <array>

#include "text_cleanup.h"
#include "text_normalizer.h"

namespace plan {

namespace {

// Endings of a complete department name in these documents (課, 室, 支所, 事務所, センター,
// 委員会, 図書館, 少年自然の家, 南部清掃工場, …). "局" alone heads a 課 ("市議会事務局 総務課").
bool is_complete_name(std::string_view s) {
    static constexpr std::array<std::string_view, 9> kEndings{
        "課", "室", "所", "センター", "委員会", "館", "家", "工場", "局"};
    for (auto e : kEndings)
        if (s.ends_with(e)) return true;
    return false;
}

constexpr std::string_view kMore = "ほか";

}  // namespace

std::vector<std::string> DepartmentCell::all() const {
    std::vector<std::string> out;
    for (const auto& g : groups) out.insert(out.end(), g.begin(), g.end());
    return out;
}

std::vector<std::string> split_department_entry(std::string_view entry) {
    std::vector<std::string> names;
    std::string current;
    for (const auto& ch : utf8_chars(entry)) {
        if (ch == "・" && is_complete_name(current)) {
            names.push_back(current);
            current.clear();
            continue;
        }
        current += ch;
    }
    if (!current.empty()) names.push_back(current);
    return names;
}

DepartmentCell parse_department_cell(std::string_view cell) {
    // Entries are separated by ASCII or full-width spaces.
    std::vector<std::string> tokens;
    std::string token;
    for (const auto& ch : utf8_chars(trim(cell))) {
        if (ch == " " || ch == "\u3000" || ch == "\t") {
            if (!token.empty()) tokens.push_back(token);
            token.clear();
        } else {
            token += ch;
        }
    }
    if (!token.empty()) tokens.push_back(token);

    DepartmentCell out;
    std::string pending;  // an organisation ending in 局 that heads the next entry
    for (size_t i = 0; i < tokens.size(); ++i) {
        std::string t = tokens[i];
        if (t == kMore) {
            out.more = true;
            continue;
        }
        if (t.ends_with(kMore) && t.size() > kMore.size()) {
            out.more = true;
            t.resize(t.size() - kMore.size());
        }
        t = pending + t;
        pending.clear();
        const bool next_is_name = i + 1 < tokens.size() && tokens[i + 1] != kMore;
        if (t.ends_with("局") && next_is_name) {
            pending = t;
            continue;
        }
        out.groups.push_back(split_department_entry(t));
    }
    if (!pending.empty()) out.groups.push_back({pending});
    return out;
}

}  // namespace plan
