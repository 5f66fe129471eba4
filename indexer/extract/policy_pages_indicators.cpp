#include "policy_pages_indicators.h"

#include <regex>

#include "text_cleanup.h"

namespace plan {

namespace {

// std::regex works on bytes: multi-byte characters are written as alternatives, never in [...].
const std::string kOpen = "(?:（|\\()";
const std::string kClose = "(?:）|\\))";
const std::string kDigit = "(?:[0-9]|０|１|２|３|４|５|６|７|８|９)";

// `name  value（year）  target`: the value is a number or a dash (no data yet).
const std::regex& row_with_year() {
    static const std::regex re("^(.*\\S)\\s+(―|-|[0-9][0-9.,]*)\\s*" + kOpen +
                               "\\s*([0-9]{4})\\s*" + kClose + "\\s*(\\S.*)$");
    return re;
}
// `name  ―  target`: no current value and no year.
const std::regex& row_without_year() {
    static const std::regex re("^(.*\\S)\\s+(―)\\s+(\\S.*)$");
    return re;
}
// Footnote references such as （※１） or （※）: they point at a note, they are not the name.
const std::regex& footnote_mark() {
    static const std::regex re(kOpen + "※" + kDigit + "*" + kClose);
    return re;
}

std::string collapse_spaces(const std::string& s) {
    static const std::regex spaces("\\s+");
    return trim(std::regex_replace(s, spaces, " "));
}

}  // namespace

std::optional<Indicator> parse_indicator_row(std::string_view row, const std::string& kind) {
    const std::string s = collapse_spaces(std::string(row));
    std::smatch m;
    Indicator ind;
    ind.kind = kind;
    std::string name;
    if (std::regex_match(s, m, row_with_year())) {
        name = m[1].str();
        ind.current = m[2].str();
        ind.current_year = m[3].str();
        ind.target = collapse_spaces(m[4].str());
    } else if (std::regex_match(s, m, row_without_year())) {
        name = m[1].str();
        ind.current = m[2].str();
        ind.target = collapse_spaces(m[3].str());
    } else {
        return std::nullopt;
    }
    // 成果指標 rows open with the indicator's type (市民取組指標, 統計指標, 市民意識指標).
    static const std::string suffix = "指標";
    if (const size_t sp = name.find(' '); sp != std::string::npos) {
        const std::string first = name.substr(0, sp);
        if (first.size() > suffix.size() && first.ends_with(suffix)) {
            ind.type = first;
            name = name.substr(sp + 1);
        }
    }
    ind.name = clean_text(std::regex_replace(name, footnote_mark(), ""));
    if (ind.name.empty()) return std::nullopt;
    return ind;
}

}  // namespace plan
