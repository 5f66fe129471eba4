#include "csv_reader.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>

#include "input_error.h"
#include "text_cleanup.h"

namespace plan {

using nlohmann::json;

std::vector<CsvRow> parse_csv(const SourceText& text, char delimiter) {
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string cell;
    bool in_quotes = false, after_quote = false;
    int quote_line = 0;
    for (size_t li = 0; li < text.lines.size(); ++li) {
        const int line = static_cast<int>(li) + 1;
        const std::string& s = text.lines[li];
        if (!in_quotes) row.first_line = line;  // outside quotes every line starts a row
        for (size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (in_quotes) {
                if (c != '"') {
                    cell += c;
                } else if (i + 1 < s.size() && s[i + 1] == '"') {
                    cell += '"';
                    ++i;
                } else {
                    in_quotes = false;
                    after_quote = true;
                }
            } else if (c == delimiter) {
                row.cells.push_back(std::move(cell));
                cell.clear();
                after_quote = false;
            } else if (after_quote) {
                throw InputError(at_line(text.file, line),
                                 "text after the closing quote of a cell (a quote inside a quoted "
                                 "cell must be doubled)");
            } else if (c == '"' && cell.empty()) {
                in_quotes = true;
                quote_line = line;
            } else {
                cell += c;  // a quote inside an unquoted cell is taken literally
            }
        }
        if (in_quotes) {
            cell += '\n';  // the quoted cell goes on: CRLF or LF inside it becomes LF
            continue;
        }
        row.cells.push_back(std::move(cell));
        cell.clear();
        after_quote = false;
        row.last_line = line;
        rows.push_back(std::move(row));
        row = CsvRow{};
    }
    if (in_quotes)
        throw InputError(at_line(text.file, quote_line),
                         "quoted cell is never closed (missing '\"' before the end of the file)");
    return rows;
}

namespace {

// Trim spaces (ASCII, U+3000) and line breaks at both ends, keep the inside as written.
std::string trim_cell(std::string_view s) {
    auto blank_at_start = [](std::string_view v) -> size_t {
        if (v.empty()) return 0;
        if (v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || v[0] == '\r') return 1;
        if (v.substr(0, 3) == "\u3000") return 3;
        return 0;
    };
    auto blank_at_end = [](std::string_view v) -> size_t {
        if (v.empty()) return 0;
        const char c = v.back();
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
        if (v.size() >= 3 && v.substr(v.size() - 3) == "\u3000") return 3;
        return 0;
    };
    for (size_t n; (n = blank_at_start(s)) > 0;) s.remove_prefix(n);
    for (size_t n; (n = blank_at_end(s)) > 0;) s.remove_suffix(n);
    return std::string(s);
}

icu::UnicodeString u16(std::string_view s) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string u8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

/// A column and, optionally, the part of its cell to take.
struct ColumnSpec {
    std::string role;    // what the column is for, for messages: name, departments, facet 部, ...
    std::string column;  // header name
    size_t index = 0;    // resolved against the header
    std::shared_ptr<icu::RegexPattern> pattern;

    std::string value(const std::vector<std::string>& cells) const {
        std::string v = trim_cell(cells[index]);
        if (!pattern || v.empty()) return v;
        UErrorCode status = U_ZERO_ERROR;
        const icu::UnicodeString input = u16(v);
        std::unique_ptr<icu::RegexMatcher> m(pattern->matcher(input, status));
        if (U_FAILURE(status) || !m->find()) return {};
        const int group = m->groupCount() >= 1 ? 1 : 0;
        return trim_cell(u8(m->group(group, status)));
    }
};

struct LevelSpec {
    ColumnSpec col;
    std::string number_attribute;  // "" = the cell has no number to drop
    bool unify = false;
    std::string as_written_attribute;  // "" = do not keep the variant spelling
};

struct DetailSpec {
    std::string label;
    ColumnSpec col;
};

struct CsvMapping {
    char delimiter = ',';
    std::string section;
    ColumnSpec name;
    std::optional<ColumnSpec> summary;
    std::vector<DetailSpec> details;
    std::vector<ColumnSpec> departments;
    std::optional<LevelSpec> levels[4];  // goal, policy, measure, pillar
    std::vector<std::pair<std::string, ColumnSpec>> facets, attributes;
};

const char* const kLevelNames[4] = {"goal", "policy", "measure", "pillar"};

ColumnSpec column_spec(const json& j, const std::string& role, const std::string& where) {
    ColumnSpec c;
    c.role = role;
    if (j.is_string()) {
        c.column = j.get<std::string>();
    } else if (j.is_object() && j.contains("column") && j["column"].is_string()) {
        c.column = j["column"].get<std::string>();
        if (j.contains("pattern")) {
            if (!j["pattern"].is_string())
                throw InputError(where, "options.columns " + role + ": 'pattern' must be a string");
            UErrorCode status = U_ZERO_ERROR;
            UParseError pe;
            c.pattern.reset(
                icu::RegexPattern::compile(u16(j["pattern"].get<std::string>()), 0, pe, status));
            if (U_FAILURE(status))
                throw InputError(where, "options.columns " + role + ": bad pattern '" +
                                            j["pattern"].get<std::string>() + "' (" +
                                            u_errorName(status) + ")");
        }
    } else {
        throw InputError(where, "options.columns " + role +
                                    ": expected a column name or {\"column\": NAME, ...}");
    }
    if (c.column.empty())
        throw InputError(where, "options.columns " + role + ": empty column name");
    return c;
}

std::string optional_string(const json& j, const char* key, const std::string& role,
                            const std::string& where) {
    if (!j.is_object() || !j.contains(key)) return {};
    if (!j[key].is_string())
        throw InputError(where, "options.columns " + role + ": '" + key + "' must be a string");
    return j[key].get<std::string>();
}

CsvMapping parse_mapping(const json& options, const std::string& where) {
    CsvMapping m;
    if (!options.is_object() || !options.contains("columns") || !options["columns"].is_object())
        throw InputError(where,
                         "layout csv needs a column mapping: options.columns in the "
                         "manifest entry (see indexer/extract/csv_reader.h)");
    if (options.contains("delimiter")) {
        const json& d = options["delimiter"];
        if (!d.is_string() || d.get<std::string>().size() != 1)
            throw InputError(where, "options.delimiter must be one ASCII character");
        m.delimiter = d.get<std::string>()[0];
    }
    if (options.contains("section") && options["section"].is_string())
        m.section = options["section"].get<std::string>();
    const json& cols = options["columns"];
    if (!cols.contains("name"))
        throw InputError(where,
                         "options.columns.name is required (the column of the project name)");
    static const std::vector<std::string> known = {"name",   "summary",   "details", "departments",
                                                   "goal",   "policy",    "measure", "pillar",
                                                   "facets", "attributes"};
    for (const auto& [key, _] : cols.items())
        if (std::find(known.begin(), known.end(), key) == known.end())
            throw InputError(where, "options.columns: unknown key '" + key + "'");
    m.name = column_spec(cols["name"], "name", where);
    if (cols.contains("summary")) m.summary = column_spec(cols["summary"], "summary", where);
    if (cols.contains("details")) {
        if (!cols["details"].is_array())
            throw InputError(where,
                             "options.columns.details: expected [{\"label\", \"column\"}, ...]");
        for (const auto& d : cols["details"]) {
            const std::string label = optional_string(d, "label", "details", where);
            if (label.empty())
                throw InputError(where, "options.columns.details: every entry needs a 'label'");
            m.details.push_back({label, column_spec(d, "detail " + label, where)});
        }
    }
    if (cols.contains("departments")) {
        const json& d = cols["departments"];
        if (d.is_array())
            for (const auto& c : d) m.departments.push_back(column_spec(c, "departments", where));
        else
            m.departments.push_back(column_spec(d, "departments", where));
    }
    for (int i = 0; i < 4; ++i) {
        if (!cols.contains(kLevelNames[i])) continue;
        const json& j = cols[kLevelNames[i]];
        LevelSpec l;
        l.col = column_spec(j, kLevelNames[i], where);
        l.number_attribute = optional_string(j, "number", kLevelNames[i], where);
        l.as_written_attribute = optional_string(j, "as_written", kLevelNames[i], where);
        l.unify = j.is_object() && j.value("unify", false);
        m.levels[i] = std::move(l);
    }
    for (const char* group : {"facets", "attributes"}) {
        if (!cols.contains(group)) continue;
        if (!cols[group].is_object())
            throw InputError(where, std::string("options.columns.") + group +
                                        ": expected {\"label\": column, ...}");
        auto& out = std::string(group) == "facets" ? m.facets : m.attributes;
        for (const auto& [label, spec] : cols[group].items())
            out.emplace_back(
                label,
                column_spec(
                    spec,
                    std::string(group == std::string("facets") ? "facet " : "attribute ") + label,
                    where));
    }
    return m;
}

void resolve(ColumnSpec& c, const std::vector<std::string>& header, const std::string& where) {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == c.column) {
            c.index = i;
            return;
        }
    std::string have;
    for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
    throw InputError(where, "column '" + c.column + "' (" + c.role +
                                ") not found in header (columns: " + have + ")");
}

void resolve_all(CsvMapping& m, const std::vector<std::string>& header, const std::string& where) {
    resolve(m.name, header, where);
    if (m.summary) resolve(*m.summary, header, where);
    for (auto& d : m.details) resolve(d.col, header, where);
    for (auto& d : m.departments) resolve(d, header, where);
    for (auto& l : m.levels)
        if (l) resolve(l->col, header, where);
    for (auto& [_, c] : m.facets) resolve(c, header, where);
    for (auto& [_, c] : m.attributes) resolve(c, header, where);
}

/// "06 自然豊かな環境の保全と創造" → {"06", "自然豊かな環境の保全と創造"}; no number → {"", text}.
std::pair<std::string, std::string> split_number(const std::string& text) {
    static const std::unique_ptr<icu::RegexPattern> pattern = [] {
        UErrorCode status = U_ZERO_ERROR;
        UParseError pe;
        // \d and \s are Unicode-aware in ICU: full-width digits and U+3000 count.
        return std::unique_ptr<icu::RegexPattern>(
            icu::RegexPattern::compile(u16("^(\\d+)[\\s.．、]+(.+)$"), UREGEX_DOTALL, pe, status));
    }();
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString input = u16(text);
    std::unique_ptr<icu::RegexMatcher> m(pattern->matcher(input, status));
    if (U_FAILURE(status) || !m->matches(status)) return {"", text};
    return {u8(m->group(1, status)), trim_cell(u8(m->group(2, status)))};
}

std::string& level_field(GoalPath& g, int i) {
    switch (i) {
        case 0:
            return g.goal;
        case 1:
            return g.policy;
        case 2:
            return g.measure;
        default:
            return g.pillar;
    }
}

/// Make spellings that share a number path take the path's most frequent spelling.
void unify_levels(std::vector<ProjectRecord>& records, const CsvMapping& m,
                  const std::vector<std::array<std::string, 4>>& numbers) {
    for (int level = 0; level < 4; ++level) {
        const auto& spec = m.levels[level];
        if (!spec || !spec->unify) continue;
        // path -> spelling -> (count, first row); the most frequent wins, the earlier on a tie.
        std::map<std::string, std::map<std::string, std::pair<size_t, size_t>>> seen;
        auto path_of = [&](size_t r) {
            std::string p;
            for (int k = 0; k <= level; ++k) p += numbers[r][k] + "/";
            return p;
        };
        for (size_t r = 0; r < records.size(); ++r) {
            if (numbers[r][level].empty()) continue;
            auto& entry = seen[path_of(r)][level_field(records[r].goal, level)];
            if (entry.first++ == 0) entry.second = r;
        }
        for (size_t r = 0; r < records.size(); ++r) {
            if (numbers[r][level].empty()) continue;
            const auto& spellings = seen[path_of(r)];
            auto best = std::max_element(spellings.begin(), spellings.end(), [](auto& a, auto& b) {
                return a.second.first != b.second.first ? a.second.first < b.second.first
                                                        : a.second.second > b.second.second;
            });
            std::string& field = level_field(records[r].goal, level);
            if (field == best->first) continue;
            if (!spec->as_written_attribute.empty())
                records[r].attributes[spec->as_written_attribute] = field;
            field = best->first;
        }
    }
}

}  // namespace

std::vector<ProjectRecord> CsvReader::read(const SourceText& text, const DocumentInfo& info,
                                           ExtractReport& report) const {
    const std::string manifest_where = text.file + " (manifest options of '" + info.id + "')";
    CsvMapping m = parse_mapping(info.options, manifest_where);
    std::vector<CsvRow> rows = parse_csv(text, m.delimiter);
    if (rows.empty()) throw InputError(text.file, "no header row");
    const CsvRow& header_row = rows.front();
    std::vector<std::string> header;
    for (const auto& h : header_row.cells) header.push_back(trim_cell(h));
    resolve_all(m, header, at_line(text.file, header_row.first_line));

    std::vector<ProjectRecord> out;
    std::vector<std::array<std::string, 4>> numbers;
    for (size_t ri = 1; ri < rows.size(); ++ri) {
        const CsvRow& row = rows[ri];
        const std::string where = at_line(text.file, row.first_line);
        const bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                                       [](const std::string& c) { return trim_cell(c).empty(); });
        if (blank) {
            report.unclassified.emplace_back(row.first_line, "(empty row)");
            continue;
        }
        if (row.cells.size() < header.size() ||
            std::any_of(
                row.cells.begin() + static_cast<long>(std::min(header.size(), row.cells.size())),
                row.cells.end(), [](const std::string& c) { return !trim_cell(c).empty(); }))
            throw InputError(where, "row has " + std::to_string(row.cells.size()) +
                                        " cells, the header has " + std::to_string(header.size()));
        const auto& cells = row.cells;
        std::string name = m.name.value(cells);
        if (name.empty()) {
            report.unclassified.emplace_back(
                row.first_line, "(no " + m.name.column + ") " + text.lines[row.first_line - 1]);
            continue;
        }
        // A name that wraps inside its cell is one name.
        std::string joined;
        size_t start = 0;
        while (start <= name.size()) {
            size_t nl = name.find('\n', start);
            joined =
                join_wrapped(joined, name.substr(start, nl == std::string::npos ? nl : nl - start));
            if (nl == std::string::npos) break;
            start = nl + 1;
        }

        ProjectRecord r = info.new_record(row.first_line);
        r.source.end_line = row.last_line;
        r.section = m.section;
        r.name = joined;
        if (m.summary) r.summary = m.summary->value(cells);
        for (const auto& d : m.details)
            if (std::string v = d.col.value(cells); !v.empty()) r.details.push_back({d.label, v});
        for (const auto& d : m.departments)
            if (std::string v = clean_text(d.value(cells)); !v.empty()) r.departments.push_back(v);
        std::array<std::string, 4> row_numbers;
        for (int level = 0; level < 4; ++level) {
            if (!m.levels[level]) continue;
            const LevelSpec& l = *m.levels[level];
            std::string v = l.col.value(cells);
            if (!l.number_attribute.empty()) {
                auto [number, rest] = split_number(v);
                if (!number.empty()) r.attributes[l.number_attribute] = number;
                row_numbers[level] = number;
                v = rest;
            }
            level_field(r.goal, level) = v;
        }
        for (const auto& [label, c] : m.facets)
            if (std::string v = c.value(cells); !v.empty()) r.facets[label] = v;
        for (const auto& [label, c] : m.attributes)
            if (std::string v = c.value(cells); !v.empty()) r.attributes[label] = v;
        out.push_back(std::move(r));
        numbers.push_back(row_numbers);
    }
    unify_levels(out, m, numbers);
    for (const auto& r : out) report.count(r);
    return out;
}

}  // namespace plan
