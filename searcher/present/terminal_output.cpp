#include "terminal_output.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "facet_table.h"
#include "search/snippet.h"

namespace plan {

size_t display_width(std::string_view text) {
    size_t w = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t len = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0) {
            ++w;
            continue;
        }
        int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
        w += (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
    }
    return w;
}

namespace {

std::string pad(const std::string& s, size_t width) {
    size_t w = display_width(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

const char* bold(bool on) { return on ? "\033[1m" : ""; }
const char* dim(bool on) { return on ? "\033[2m" : ""; }
const char* reset(bool on) { return on ? "\033[0m" : ""; }

}  // namespace

void print_record(std::ostream& out, const ProjectRecord& r, const TerminalStyle& st) {
    out << bold(st.color) << r.name << reset(st.color);
    if (!r.flags.empty()) out << "  [" << join(r.flags, " ") << "]";
    out << "\n  " << r.city << " / " << r.document.title << " (" << r.document.year << ")\n";
    for (const auto* level : {&r.goal.goal, &r.goal.policy, &r.goal.measure, &r.goal.pillar})
        if (!level->empty()) out << "  > " << *level << "\n";
    if (!r.section.empty()) out << "  section: " << r.section << "\n";
    if (!r.departments.empty())
        out << "  所管課: " << join(r.departments, "、") << (r.departments_more ? " ほか" : "") << "\n";
    if (r.budget) out << "  事業費: " << r.budget->text << " (" << r.budget->yen << " 円)\n";
    if (!r.summary.empty()) out << "  " << r.summary << "\n";
    for (const auto& d : r.details) out << "  " << d.label << ": " << d.text << "\n";
    for (const auto& i : r.indicators)
        out << "  " << i.kind << ": " << i.name << "  現状 " << i.current
            << (i.current_year.empty() ? "" : "（" + i.current_year + "）") << " → 目標 " << i.target << "\n";
    for (const auto& [k, v] : r.facets) out << "  " << k << ": " << v << "\n";
    for (const auto& [k, v] : r.attributes) out << "  " << k << ": " << v << "\n";
    out << "  source: " << r.source.file << ":" << r.source.line;
    if (r.source.end_line > r.source.line) out << "-" << r.source.end_line;
    out << "  id: " << r.id << "\n";
}

void print_facets(std::ostream& out, const FacetCounts& facets, const TerminalStyle& st) {
    std::vector<const schema::FacetField*> order;
    for (const auto& f : schema::facet_fields())
        if (f.facet && f.terminal_rank > 0) order.push_back(&f);
    std::sort(order.begin(), order.end(),
              [](const auto* a, const auto* b) { return a->terminal_rank < b->terminal_rank; });
    for (const auto* field : order) {
        const std::string name(field->name);
        auto it = facets.find(name);
        if (it == facets.end() || it->second.empty()) continue;
        out << bold(st.color) << name << reset(st.color) << "\n";
        size_t max = it->second.front().count;
        size_t label_w = 0;
        for (size_t i = 0; i < std::min(st.facet_values, it->second.size()); ++i)
            label_w = std::max(label_w, std::min<size_t>(display_width(it->second[i].value), 40));
        for (size_t i = 0; i < std::min(st.facet_values, it->second.size()); ++i) {
            const auto& v = it->second[i];
            std::string label = v.value;
            size_t bar = max ? (v.count * 24 + max - 1) / max : 0;
            std::string bars;
            for (size_t b = 0; b < bar; ++b) bars += "█";
            out << "  " << pad(label, label_w) << " " << std::string(5 - std::min<size_t>(5, std::to_string(v.count).size()), ' ')
                << v.count << " " << dim(st.color) << bars << reset(st.color) << "\n";
        }
        if (it->second.size() > st.facet_values)
            out << "  … " << it->second.size() - st.facet_values << " more\n";
    }
}

void print_response(std::ostream& out, const SearchResponse& r, const TerminalStyle& st) {
    out << r.total << (r.total_exact ? "" : "+") << " projects for 「" << r.query << "」";
    if (r.relaxed) out << " (relaxed: " << r.relaxation << ")";
    if (!r.expanded.empty()) {
        // The first few are what a reader checks; the rest weigh little.
        const std::vector<std::string> shown(
            r.expanded.begin(), r.expanded.begin() + std::min<size_t>(8, r.expanded.size()));
        out << "\n"
            << dim(st.color) << "also searched: " << join(shown, " ")
            << (r.expanded.size() > shown.size() ? " …" : "") << reset(st.color);
    }
    out << "\n\n";
    for (const auto& h : r.results) {
        std::string rank = std::to_string(h.rank) + ".";
        out << pad(rank, 4) << pad(h.record.city, 9) << bold(st.color) << h.record.name << reset(st.color);
        if (!h.record.flags.empty()) out << "  [" << join(h.record.flags, " ") << "]";
        out << "\n    " << dim(st.color) << join(h.record.departments, "、")
            << (h.record.departments_more ? " ほか" : "") << (h.record.departments.empty() ? "" : " · ")
            << h.record.document.id << ":" << h.record.source.line << reset(st.color) << "\n";
        Snippet s;
        s.text = h.snippet_source;
        s.marks = h.marks;
        if (!s.text.empty()) out << "    " << snippet_terminal(s, st.color) << "\n";
    }
    if (!r.facets.empty()) {
        out << "\n";
        print_facets(out, r.facets, st);
    }
}

}  // namespace plan
