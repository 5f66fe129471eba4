#include "related_output.h"

#include <algorithm>

#include "text_normalizer.h"

namespace plan {

nlohmann::json reasons_json(const std::vector<RelatedReason>& reasons) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : reasons)
        out.push_back({{"channel", r.channel}, {"score", r.score}, {"terms", r.terms}});
    return out;
}

nlohmann::json related_json(const RelatedResponse& r) {
    nlohmann::json results = nlohmann::json::array();
    unsigned rank = 0;
    for (const auto& h : r.results) {
        nlohmann::json j = h.record;
        j["rank"] = ++rank;
        j["score"] = h.score;
        j["shared_terms"] = h.shared_terms;
        j["reasons"] = reasons_json(h.reasons);
        results.push_back(j);
    }
    return {{"source", r.source}, {"query_terms", r.query_terms}, {"results", results}, {"elapsed_ms", r.elapsed_ms}};
}

nlohmann::json history_json(const PlanHistory& h) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : h.entries) {
        entries.push_back({{"id", e.record.id},
                           {"document", {{"id", e.record.document.id}, {"title", e.record.document.title},
                                         {"year", e.record.document.year}}},
                           {"relation", e.relation},
                           {"name", e.record.name},
                           {"flags", e.record.flags},
                           {"summary", e.record.summary},
                           {"name_similarity", e.name_similarity},
                           {"summary_similarity", e.summary_similarity},
                           {"summary_added", e.summary_added},
                           {"summary_removed", e.summary_removed}});
    }
    nlohmann::json source = h.source;
    return {{"source", source}, {"history", entries}};
}

namespace {
const char* bold(bool on) { return on ? "\033[1m" : ""; }
const char* reset(bool on) { return on ? "\033[0m" : ""; }

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
    return out;
}

// Cut text to a display width, marking the cut with …
std::string fit(const std::string& text, size_t width) {
    std::string out;
    size_t w = 0;
    for (const auto& c : utf8_chars(text)) {
        size_t cw = display_width(c);
        if (w + cw > width - 1) {
            out += "…";
            w += 1;
            break;
        }
        out += c;
        w += cw;
    }
    return out + std::string(width > w ? width - w : 0, ' ');
}
// The channel as a reader calls it.
const char* reason_label(const std::string& channel) {
    if (channel == "terms") return "shared words";
    if (channel == "name") return "similar name";
    if (channel == "text") return "similar text";
    if (channel == "heading") return "same heading";
    if (channel == "department") return "same department function";
    return "related";
}
}  // namespace

void print_related(std::ostream& out, const RelatedResponse& r, const TerminalStyle& st) {
    out << "Related to " << bold(st.color) << r.source.name << reset(st.color) << " (" << r.source.city << ", "
        << r.source.document.id << ":" << r.source.source.line << ")\n";
    out << "  by: " << join(r.query_terms, " ") << "\n\n";
    unsigned rank = 0;
    for (const auto& h : r.results) {
        out << ++rank << ". " << h.record.city << "  " << bold(st.color) << h.record.name << reset(st.color);
        if (!h.record.flags.empty()) out << "  [" << join(h.record.flags, " ") << "]";
        out << "   (" << h.record.id << ")\n";
        for (const auto& reason : h.reasons)
            out << "    " << reason_label(reason.channel) << ": " << join(reason.terms, "、")
                << "\n";
    }
    if (r.results.empty()) out << "  no related projects found\n";
}

void print_history(std::ostream& out, const PlanHistory& h, const TerminalStyle& st) {
    out << bold(st.color) << h.source.name << reset(st.color) << " — " << h.source.city << ", across plan periods\n\n";
    for (const auto& e : h.entries) {
        out << "  " << e.record.document.year << "  " << e.record.document.title << "\n      " << e.record.name;
        if (!e.record.flags.empty()) out << "  [" << join(e.record.flags, " ") << "]";
        out << "   " << e.relation << "  (" << e.record.id << ")\n";
        for (const auto& p : e.summary_added) out << "      + " << p << "\n";
        for (const auto& p : e.summary_removed) out << "      - " << p << "\n";
    }
    if (h.entries.size() == 1) out << "  (appears in one document only)\n";
}

void print_comparison(std::ostream& out, const SearchResponse& g, const TerminalStyle& st) {
    out << "「" << g.query << "」 by city\n\n";
    if (g.groups.empty()) {
        out << "  no projects found\n";
        return;
    }
    const size_t col = std::max<size_t>(24, std::min<size_t>(40, 120 / g.groups.size()));
    size_t rows = 0;
    for (const auto& grp : g.groups) rows = std::max(rows, grp.hits.size());
    for (const auto& grp : g.groups)
        out << bold(st.color) << fit(grp.value + " (" + std::to_string(grp.total) + ")", col) << reset(st.color) << " ";
    out << "\n";
    for (size_t k = 0; k < g.groups.size(); ++k) out << std::string(col, '-') << " ";
    out << "\n";
    for (size_t i = 0; i < rows; ++i) {
        for (const auto& grp : g.groups)
            out << fit(i < grp.hits.size() ? std::to_string(i + 1) + ". " + grp.hits[i].record.name : "", col) << " ";
        out << "\n";
    }
}

}  // namespace plan
